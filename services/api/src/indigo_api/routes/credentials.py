"""Marketplace credentials at rest (admin scope): set, describe, delete; OAuth token refreshes.

Secrets go in and never come out: answers carry the fingerprint, the key id they are sealed
under and the times (:mod:`indigo_shared.credentials`). Collectors read the stored set before
each sync when their environment has none, so a change applies without a restart.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Request, status
from fastapi.responses import Response
from indigo_shared import credentials as stored
from indigo_shared.oauth_tokens import refresh_history
from pydantic import BaseModel, ConfigDict, Field

from indigo_api.api_keys import ApiKey
from indigo_api.dependencies import Db, json_bytes, render
from indigo_api.errors import NOT_FOUND, TOO_LARGE, ErrorOut
from indigo_api.params import Count, NoParams, Params, Text, documented, from_query
from indigo_api.security import AUTH, RequireScope

router = APIRouter(tags=["credentials"], responses=AUTH)
CredentialPlatform = Literal["ebay", "etsy", "reddit"]
Admin = Annotated[ApiKey, RequireScope("admin")]


class CredentialsIn(BaseModel):
    """eBay: the App ID and Cert ID; Etsy: the keystring and shared secret; Reddit: the app's
    client id and secret."""

    model_config = ConfigDict(extra="forbid")
    client_id: Text(500, min_length=1, examples=["MyApp-PRD-1234"])
    client_secret: Text(500, min_length=1, examples=["PRD-abcdef123456"])


class CredentialsOut(BaseModel):
    platform: CredentialPlatform
    fingerprint: str = Field(description="an HMAC of the values: changes when they change")
    key_id: str = Field(description="the INDIGO_SECRET_KEY they are encrypted under")
    created_at: datetime
    updated_at: datetime
    updated_by: str


class CredentialsList(BaseModel):
    items: list[CredentialsOut]


class TokenRefreshOut(BaseModel):
    platform: str
    outcome: Literal["refreshed", "failed", "refused"]
    replica: str
    at: datetime
    expires_at: datetime | None
    token_fingerprint: str | None
    credential_fingerprint: str
    duration_ms: int | None
    error: str | None


class TokenRefreshesOut(BaseModel):
    items: list[TokenRefreshOut]


class RefreshesParams(Params):
    limit: Count(1, 200) = 50


def _out(row: stored.StoredCredentials) -> CredentialsOut:
    return CredentialsOut.model_validate(row, from_attributes=True)


def _not_stored(platform: str) -> Response:
    return json_bytes(render(ErrorOut(detail=f"no {platform} credentials are stored")), 404)


@router.get("/credentials", response_model=CredentialsList, openapi_extra=documented(NoParams))
async def list_credentials(key: Admin, _: Annotated[NoParams, from_query(NoParams)], db: Db):
    """Every stored set (never a secret: fingerprints and times)."""
    async with db.connection() as conn:
        rows = await stored.describe(conn)
    return json_bytes(render(CredentialsList(items=[_out(row) for row in rows])))


@router.get(
    "/credentials/{platform}",
    response_model=CredentialsOut,
    responses=NOT_FOUND,
    openapi_extra=documented(NoParams),
)
async def get_credentials(
    platform: CredentialPlatform, key: Admin, _: Annotated[NoParams, from_query(NoParams)], db: Db
):
    """The stored set of one marketplace, described."""
    async with db.connection() as conn:
        rows = await stored.describe(conn, platform)
    if not rows:
        return _not_stored(platform)
    return json_bytes(render(_out(rows[0])))


@router.put(
    "/credentials/{platform}",
    response_model=CredentialsOut,
    responses=TOO_LARGE,
    openapi_extra=documented(NoParams),
)
async def put_credentials(
    request: Request,
    platform: CredentialPlatform,
    key: Admin,
    body: CredentialsIn,
    _: Annotated[NoParams, from_query(NoParams)],
    db: Db,
):
    """Store (or replace) a marketplace's credentials, encrypted under `INDIGO_SECRET_KEY`.
    Collectors whose environment has none use them from their next sync on."""
    async with db.connection() as conn:
        row = await stored.store(
            conn,
            request.app.state.secret_keys,
            platform,
            body.model_dump(),
            actor=f"api key {key.public_id} ({key.name})",
        )
    return json_bytes(render(_out(row)))


@router.delete(
    "/credentials/{platform}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=NOT_FOUND,
    openapi_extra=documented(NoParams),
)
async def delete_credentials(
    platform: CredentialPlatform, key: Admin, _: Annotated[NoParams, from_query(NoParams)], db: Db
):
    """Forget a marketplace's stored credentials (collectors then need them in their
    environment)."""
    async with db.connection() as conn:
        deleted = await stored.delete(conn, platform)
    if not deleted:
        return _not_stored(platform)
    return Response(status_code=204)


@router.get(
    "/credentials/{platform}/token-refreshes",
    response_model=TokenRefreshesOut,
    openapi_extra=documented(RefreshesParams),
)
async def token_refreshes(
    platform: CredentialPlatform,
    key: Admin,
    params: Annotated[RefreshesParams, from_query(RefreshesParams)],
    db: Db,
):
    """The OAuth application token's refreshes (eBay, Reddit), newest first: which replica,
    when, until when, failures and tokens the marketplace refused."""
    async with db.connection() as conn:
        rows = await refresh_history(conn, platform, limit=params.limit)
    items = [TokenRefreshOut.model_validate(row, from_attributes=True) for row in rows]
    return json_bytes(render(TokenRefreshesOut(items=items)))
