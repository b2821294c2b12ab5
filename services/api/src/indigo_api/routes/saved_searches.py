"""``/saved-searches``: buyers' standing searches and where their alerts go.

The API writes the searches and their channels; the alerts service matches listings against them
and delivers, and is the one writer of matches and deliveries (read here). Actions that touch
deliveries (a test alert, retrying failed deliveries, resuming a paused channel) are asked of the
alerts service over NATS request/reply; 503 when none is running.

Every mutating route is on ``writes``: API-key auth (issue 10) is one dependency there.
"""

from __future__ import annotations

import base64
import json
import secrets
import uuid
from datetime import timedelta
from typing import Annotated, Literal
from urllib.parse import urlsplit

from fastapi import APIRouter, HTTPException, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from indigo_shared.events import AlertsCommandAnswered, AlertsCommandRequested, utcnow
from indigo_shared.sealed import Sealer
from indigo_shared.streams import ALERTS_COMMANDS
from indigo_shared.targets import (
    TargetRefused,
    check_apprise_url,
    check_web_url,
    redacted_apprise,
)
from nats import errors as nats_errors
from pydantic import ValidationError

from indigo_api.adapters import repository
from indigo_api.adapters import saved_searches as store
from indigo_api.dependencies import Connection, Settings
from indigo_api.errors import relocated
from indigo_api.saved_search_schemas import (
    AlertTestOut,
    ChannelCreatedOut,
    ChannelIn,
    ChannelOut,
    CountOut,
    CriteriaIn,
    CriteriaOut,
    DeliveryOut,
    MatchOut,
    SavedSearchCreatedOut,
    SavedSearchIn,
    SavedSearchOut,
    SavedSearchUpdate,
    SecretOut,
    TriggersIn,
    TriggersOut,
)
from indigo_api.schemas import Page
from indigo_api.security import AUTH, RequireScope

BASE = "/saved-searches"
TAGS = ["saved searches"]
#: A rotated secret still signs beside the new one for this long.
ROTATION_GRACE = timedelta(hours=24)
#: How long the API waits for the alerts service to answer a command (a test waits on receivers).
COMMAND_TIMEOUT = 30.0
NOT_FOUND = {404: {"description": "no such saved search (or channel)"}}

reads = APIRouter(tags=TAGS)
# Every route that changes something: the API-key dependency of issue 10 goes here, once.
writes = APIRouter(tags=TAGS, dependencies=[RequireScope("alerts")], responses=AUTH)


def _invalid(loc: tuple, value, message: str) -> RequestValidationError:
    return RequestValidationError(
        [{"type": "value_error", "loc": ("body", *loc), "input": value, "msg": message}]
    )


def _sealer(request: Request, settings) -> Sealer:
    sealer = getattr(request.app.state, "sealer", None)
    if sealer is None:
        sealer = request.app.state.sealer = Sealer.from_settings(settings)
    return sealer


def new_secret() -> str:
    """A Standard Webhooks signing secret: whsec_ and 32 random bytes in base64."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def _webhook_display(url: str) -> str:
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}{'/…' if parts.path.strip('/') or parts.query else '/'}"


async def _checked_channel(channel: ChannelIn, loc: tuple, settings) -> str:
    """The channel's display form; refuses a URL that is invalid or not public (422)."""
    allow = settings.alerts_allow_private_targets
    try:
        if channel.type == "webhook":
            await check_web_url(channel.url, allow_private=allow)
            return _webhook_display(channel.url)
        await check_apprise_url(channel.url, allow_private=allow)
        return redacted_apprise(channel.url)
    except TargetRefused as exc:
        raise _invalid((*loc, "url"), channel.url, str(exc)) from None


async def _keyword_terms(conn, criteria: CriteriaIn, loc: tuple) -> list[list[str]]:
    if criteria.keywords is None:
        return []
    groups = (await repository.search_terms(conn, criteria.keywords)).lists()
    if not groups:
        raise _invalid(
            (*loc, "keywords"),
            criteria.keywords,
            "keywords hold no searchable word (only stop words or punctuation)",
        )
    return groups


async def _add_channel(conn, search_id, channel: ChannelIn, display: str, sealer) -> dict:
    channel_id = uuid.uuid4()
    secret = new_secret() if channel.type == "webhook" else None
    await store.insert_channel(
        conn,
        channel_id,
        search_id,
        channel.type,
        sealer.seal(channel.url),
        display,
        None if secret is None else sealer.seal(secret),
    )
    return {"id": channel_id, "secret": secret}


async def _search_out(conn, record) -> SavedSearchOut:
    channels = (await store.channels(conn, [record["id"]]))[record["id"]]
    return _out(record, channels, await _terms_of(conn, record))


async def _terms_of(conn, record) -> list[list[str]]:
    if not record["keywords"]:
        return []
    return (await repository.search_terms(conn, record["keywords"])).lists()


def _out(record, channels, terms) -> SavedSearchOut:
    data = dict(record)
    return SavedSearchOut(
        **{k: data[k] for k in ("id", "name", "delivery", "notify_existing", "active")},
        criteria=CriteriaOut.model_validate({**data["filters"], "keywords": data["keywords"]}),
        keyword_terms=terms,
        triggers=TriggersOut.model_validate(data["triggers"]),
        channels=[ChannelOut.model_validate(dict(c)) for c in channels],
        matches=data["matches"],
        last_matched_at=data["last_matched_at"],
        existing_matches_recorded=data["existing_matches_recorded"],
        created_at=data["created_at"],
        updated_at=data["updated_at"],
    )


async def _existing(conn, search_id: uuid.UUID):
    record = await store.get_search(conn, search_id)
    if record is None:
        raise HTTPException(404, f"saved search {search_id} not found")
    return record


async def _ask_alerts(request: Request, command: AlertsCommandRequested) -> AlertsCommandAnswered:
    bus = request.app.state.bus
    if not bus.connected:
        raise HTTPException(503, "NATS is unavailable; try again later")
    nc = bus.client
    try:
        reply = await nc.request(
            ALERTS_COMMANDS, command.model_dump_json().encode(), timeout=COMMAND_TIMEOUT
        )
    except nats_errors.NoRespondersError:
        raise HTTPException(503, "the alerts service is not running; try again later") from None
    except (TimeoutError, nats_errors.TimeoutError):
        raise HTTPException(503, "the alerts service did not answer in time") from None
    answer = AlertsCommandAnswered.model_validate_json(reply.data)
    if answer.failed:
        raise HTTPException(
            503,
            f"the alerts service could not run the command ({answer.error}); try again later",
            headers={"Retry-After": "5"},
        )
    if not answer.ok:
        raise HTTPException(404, answer.error or "the alerts service refused the command")
    return answer


# --- reads ----------------------------------------------------------------------------------------


@reads.get(BASE, response_model=Page[SavedSearchOut])
async def list_saved_searches(
    conn: Connection,
    active: bool | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> Page[SavedSearchOut]:
    rows, total = await store.list_searches(conn, active=active, limit=limit, offset=offset)
    channels = await store.channels(conn, [r["id"] for r in rows])
    items = [_out(r, channels[r["id"]], await _terms_of(conn, r)) for r in rows]
    return Page(items=items, total=total, limit=limit, offset=offset)


@reads.get(BASE + "/{search_id}", response_model=SavedSearchOut, responses=NOT_FOUND)
async def get_saved_search(search_id: uuid.UUID, conn: Connection) -> SavedSearchOut:
    return await _search_out(conn, await _existing(conn, search_id))


@reads.get(BASE + "/{search_id}/matches", response_model=Page[MatchOut], responses=NOT_FOUND)
async def saved_search_matches(
    search_id: uuid.UUID,
    conn: Connection,
    trigger: Literal["new", "price_drop", "back_on_market"] | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> Page[MatchOut]:
    """The listings the search matched, newest first: those that matched when it was saved
    (recorded within seconds, ``notified`` false unless ``notify_existing``) and every alert
    since, with why it matched."""
    await _existing(conn, search_id)
    rows, total = await store.matches(conn, search_id, trigger=trigger, limit=limit, offset=offset)
    return Page(
        items=[MatchOut.model_validate(dict(r)) for r in rows],
        total=total,
        limit=limit,
        offset=offset,
    )


@reads.get(BASE + "/{search_id}/deliveries", response_model=Page[DeliveryOut], responses=NOT_FOUND)
async def saved_search_deliveries(
    search_id: uuid.UUID,
    conn: Connection,
    status: Literal["pending", "held", "delivered", "failed", "cancelled"] | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> Page[DeliveryOut]:
    """Each alert sent to each channel, newest first, with every attempt (status code, latency,
    error)."""
    await _existing(conn, search_id)
    rows, total = await store.deliveries(conn, search_id, status=status, limit=limit, offset=offset)
    return Page(
        items=[DeliveryOut.model_validate(r) for r in rows],
        total=total,
        limit=limit,
        offset=offset,
    )


# --- writes ---------------------------------------------------------------------------------------


@writes.post(BASE, response_model=SavedSearchCreatedOut, status_code=201)
async def create_saved_search(
    body: SavedSearchIn, request: Request, conn: Connection, settings: Settings
) -> SavedSearchCreatedOut:
    """Save a search. Its current matches are recorded at once (``GET …/{id}/matches``), alerting
    only with ``notify_existing``; each webhook channel's signing secret is in this answer only."""
    terms = await _keyword_terms(conn, body.criteria, ("criteria",))
    displays = [
        await _checked_channel(c, ("channels", i), settings) for i, c in enumerate(body.channels)
    ]
    sealer = _sealer(request, settings)
    search_id = uuid.uuid4()
    async with conn.transaction():
        await store.insert_search(
            conn,
            search_id,
            {
                "name": body.name,
                "keywords": body.criteria.keywords,
                "filters": body.criteria.stored_filters(),
                "triggers": body.triggers.model_dump(mode="json", exclude_none=True),
                "delivery": body.delivery,
                "notify_existing": body.notify_existing,
                "active": body.active,
            },
        )
        created = [
            await _add_channel(conn, search_id, c, d, sealer)
            for c, d in zip(body.channels, displays, strict=True)
        ]
    record = await store.get_search(conn, search_id)
    channels = (await store.channels(conn, [search_id]))[search_id]
    secrets_by_id = {c["id"]: c["secret"] for c in created}
    out = _out(record, channels, terms)
    return SavedSearchCreatedOut(
        **out.model_dump(exclude={"channels"}),
        channels=[
            ChannelCreatedOut(**c.model_dump(), secret=secrets_by_id.get(c.id))
            for c in out.channels
        ],
    )


def _merged(model, stored: dict, given, loc: str):
    """``stored`` (as the database holds it) with the fields of ``given`` that the request set,
    checked whole again (a merge can break a rule: min above max, no criterion left)."""
    merged = {**stored, **given.model_dump(mode="json", include=given.model_fields_set)}
    try:
        # Lax: the stored values were checked when given, but JSON holds a Decimal as a string.
        return model.model_validate_json(json.dumps(merged), strict=False)
    except ValidationError as exc:
        raise relocated(exc, "body", loc) from None


@writes.patch(BASE + "/{search_id}", response_model=SavedSearchOut, responses=NOT_FOUND)
async def update_saved_search(
    search_id: uuid.UUID, body: SavedSearchUpdate, conn: Connection
) -> SavedSearchOut:
    """Change a search: the fields given, and within ``criteria`` and ``triggers`` the ones given
    (null or [] clears a criterion); the rest keep their values. New criteria have their current
    matches recorded like a new search's."""
    record = await _existing(conn, search_id)
    fields = body.model_dump(exclude_unset=True, exclude={"criteria", "triggers"})
    if body.criteria is not None:
        stored = {**record["filters"], "keywords": record["keywords"]}
        criteria = _merged(CriteriaIn, stored, body.criteria, "criteria")
        await _keyword_terms(conn, criteria, ("criteria",))
        fields["keywords"] = criteria.keywords
        fields["filters"] = criteria.stored_filters()
    if body.triggers is not None:
        triggers = _merged(TriggersIn, record["triggers"], body.triggers, "triggers")
        fields["triggers"] = triggers.model_dump(mode="json", exclude_none=True)
    if not await store.update_search(conn, search_id, fields):
        raise HTTPException(404, f"saved search {search_id} not found")
    return await _search_out(conn, await _existing(conn, search_id))


async def _set_active(search_id: uuid.UUID, conn, active: bool) -> SavedSearchOut:
    if not await store.update_search(conn, search_id, {"active": active}):
        raise HTTPException(404, f"saved search {search_id} not found")
    return await _search_out(conn, await _existing(conn, search_id))


@writes.post(BASE + "/{search_id}/pause", response_model=SavedSearchOut, responses=NOT_FOUND)
async def pause_saved_search(search_id: uuid.UUID, conn: Connection) -> SavedSearchOut:
    """Stop matching (alerts already queued still go out)."""
    return await _set_active(search_id, conn, False)


@writes.post(BASE + "/{search_id}/resume", response_model=SavedSearchOut, responses=NOT_FOUND)
async def resume_saved_search(search_id: uuid.UUID, conn: Connection) -> SavedSearchOut:
    return await _set_active(search_id, conn, True)


@writes.delete(BASE + "/{search_id}", status_code=204, responses=NOT_FOUND)
async def delete_saved_search(search_id: uuid.UUID, conn: Connection) -> Response:
    if not await store.delete_search(conn, search_id):
        raise HTTPException(404, f"saved search {search_id} not found")
    return Response(status_code=204)


@writes.post(
    BASE + "/{search_id}/channels",
    response_model=ChannelCreatedOut,
    status_code=201,
    responses=NOT_FOUND,
)
async def add_channel(
    search_id: uuid.UUID, body: ChannelIn, request: Request, conn: Connection, settings: Settings
) -> ChannelCreatedOut:
    await _existing(conn, search_id)
    display = await _checked_channel(body, (), settings)
    created = await _add_channel(conn, search_id, body, display, _sealer(request, settings))
    channel = next(
        c for c in (await store.channels(conn, [search_id]))[search_id] if c["id"] == created["id"]
    )
    return ChannelCreatedOut(**dict(channel), secret=created["secret"])


@writes.delete(BASE + "/{search_id}/channels/{channel_id}", status_code=204, responses=NOT_FOUND)
async def remove_channel(search_id: uuid.UUID, channel_id: uuid.UUID, conn: Connection) -> Response:
    if not await store.delete_channel(conn, search_id, channel_id):
        raise HTTPException(404, f"channel {channel_id} not found on saved search {search_id}")
    return Response(status_code=204)


@writes.post(
    BASE + "/{search_id}/channels/{channel_id}/rotate-secret",
    response_model=SecretOut,
    responses=NOT_FOUND | {409: {"description": "not a webhook channel"}},
)
async def rotate_channel_secret(
    search_id: uuid.UUID,
    channel_id: uuid.UUID,
    request: Request,
    conn: Connection,
    settings: Settings,
) -> SecretOut:
    """A new signing secret, shown this once. Webhooks are signed with both secrets (two
    signatures in ``webhook-signature``) for 24 hours, so the receiver can switch without a gap."""
    kind = await store.channel_kind(conn, search_id, channel_id)
    if kind is None:
        raise HTTPException(404, f"channel {channel_id} not found on saved search {search_id}")
    if kind != "webhook":
        raise HTTPException(409, "only webhook channels have a signing secret")
    secret = new_secret()
    until = utcnow() + ROTATION_GRACE
    await store.rotate_secret(conn, channel_id, _sealer(request, settings).seal(secret), until)
    return SecretOut(channel_id=channel_id, secret=secret, previous_secret_valid_until=until)


@writes.post(
    BASE + "/{search_id}/channels/{channel_id}/resume",
    response_model=CountOut,
    responses=NOT_FOUND
    | {503: {"description": "the alerts service is not running, or could not run the command"}},
)
async def resume_channel(
    search_id: uuid.UUID, channel_id: uuid.UUID, request: Request, conn: Connection
) -> CountOut:
    """Resume a channel paused after failing for a while, with a fresh failure window; its held
    deliveries (``count``) go out again one after another, oldest first."""
    await _existing(conn, search_id)
    answer = await _ask_alerts(
        request,
        AlertsCommandRequested(command="resume", saved_search_id=search_id, channel_id=channel_id),
    )
    return CountOut(count=answer.count)


@writes.post(
    BASE + "/{search_id}/test",
    response_model=AlertTestOut,
    responses=NOT_FOUND
    | {503: {"description": "the alerts service is not running, or could not run the command"}},
)
async def send_test_alert(
    search_id: uuid.UUID,
    request: Request,
    conn: Connection,
    channel_id: uuid.UUID | None = None,
) -> AlertTestOut:
    """Send a test alert to every channel (or ``channel_id``) now and say how each went; it is in
    the delivery log too."""
    await _existing(conn, search_id)
    answer = await _ask_alerts(
        request,
        AlertsCommandRequested(command="test", saved_search_id=search_id, channel_id=channel_id),
    )
    attempts = [json.loads(a.model_dump_json()) for a in answer.attempts]
    return AlertTestOut(
        delivered=sum(a["outcome"] == "delivered" for a in attempts), attempts=attempts
    )


@writes.post(
    BASE + "/{search_id}/deliveries/retry",
    response_model=CountOut,
    responses=NOT_FOUND
    | {503: {"description": "the alerts service is not running, or could not run the command"}},
)
async def retry_failed_deliveries(
    search_id: uuid.UUID,
    request: Request,
    conn: Connection,
    channel_id: uuid.UUID | None = None,
) -> CountOut:
    """Try failed deliveries again from the start of the retry schedule (``count``: how many)."""
    await _existing(conn, search_id)
    answer = await _ask_alerts(
        request,
        AlertsCommandRequested(command="retry", saved_search_id=search_id, channel_id=channel_id),
    )
    return CountOut(count=answer.count)


router = APIRouter()
router.include_router(reads)
router.include_router(writes)
