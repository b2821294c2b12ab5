"""Indigo's event contracts as an AsyncAPI 3.0 document, generated from the code.

Subjects come from :mod:`indigo_shared.streams`, payload schemas from the pydantic models of
:mod:`indigo_shared.events`; :data:`CHANNELS` says which event travels on which subject, on which
stream, who publishes it and which durable consumers read it. ``indigo asyncapi`` writes the
document (committed as ``docs/asyncapi.yaml``); a test fails when the committed one is stale.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from typing import Any

import yaml
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from indigo_shared import events, streams
from indigo_shared.delivery import (
    BY_REFERENCE_HEADER,
    CONSUMER_HEADER,
    DELIVERIES_HEADER,
    ERROR_HEADER,
    SEQUENCE_HEADER,
    STREAM_HEADER,
    SUBJECT_HEADER,
)
from indigo_shared.events import PLATFORMS

PLATFORM = "{platform}"
CONSUMER = "{consumer}"
COLLECTORS = tuple(f"collector-{platform}" for platform in PLATFORMS)


@dataclass(frozen=True)
class Channel:
    id: str
    address: str
    stream: str | None  # None: core NATS request/reply, not stored in a stream
    message: type[BaseModel] | None  # None: any bytes (the dead-letter copies)
    description: str
    publishers: tuple[str, ...]
    consumers: tuple[str, ...] = ()  # durable consumer names
    msg_id: str | None = None  # how Nats-Msg-Id is formed, when it is set
    headers: dict[str, str] = field(default_factory=dict)


CHANNELS: tuple[Channel, ...] = (
    Channel(
        "listingCollected",
        streams.listing_collected(PLATFORM),
        streams.LISTINGS,
        events.ListingCollected,
        "A listing as a collector fetched and normalized it.",
        publishers=COLLECTORS,
        consumers=(streams.ENRICHER,),
        msg_id="<platform>:<external_id>:<content_hash> (an unchanged listing is a duplicate)",
    ),
    Channel(
        "listingEnriched",
        streams.listing_enriched(PLATFORM),
        streams.LISTINGS,
        events.ListingEnriched,
        "A listing with the denim attributes the enricher found.",
        publishers=(streams.ENRICHER,),
        consumers=(streams.API_PROJECTOR, streams.TRENDS),
        msg_id="enriched:<platform>:<external_id>:<content_hash>:<enrichment version>",
    ),
    Channel(
        "syncRequested",
        streams.sync_requested(PLATFORM),
        streams.SYNC_REQUESTS,
        events.SyncRequested,
        "A request to sync one marketplace (work queue: one collector replica takes it).",
        publishers=("api", "indigo sync", *COLLECTORS),
        consumers=tuple(streams.collector_durable(platform) for platform in PLATFORMS),
        msg_id="schedule:<platform>:<interval>:<slot> on scheduled requests",
    ),
    Channel(
        "analysisRequested",
        streams.ANALYSIS_REQUESTED,
        streams.SYNC_REQUESTS,
        events.AnalysisRequested,
        "A request to re-enrich one listing through the LLM (POST /analyze/{listing_id}).",
        publishers=("api",),
        consumers=(streams.ENRICHER,),
    ),
    Channel(
        "syncStatus",
        streams.sync_status(PLATFORM),
        streams.SYNC_EVENTS,
        events.SyncStatusChanged,
        "A sync job's lifecycle: pending, running (with live counts), completed (full or partial),"
        " failed or cancelled.",
        publishers=("api", "indigo sync", *COLLECTORS),
        consumers=(streams.API_PROJECTOR, streams.TRENDS),
    ),
    Channel(
        "listingsSeen",
        streams.listings_seen(PLATFORM),
        streams.SYNC_EVENTS,
        events.ListingsSeen,
        "The listings one page of a sync saw, changed or not.",
        publishers=COLLECTORS,
        consumers=(streams.API_PROJECTOR_SEEN, streams.TRENDS),
        msg_id="seen:<job_id>:<page>",
    ),
    Channel(
        "analysisStatus",
        streams.ANALYSIS_STATUS,
        streams.SYNC_EVENTS,
        events.AnalysisStatusChanged,
        "An analysis job's lifecycle; completed carries the result.",
        publishers=("api", streams.ENRICHER),
        consumers=(streams.API_PROJECTOR_ANALYSIS,),
    ),
    Channel(
        "listingEnded",
        streams.listing_ended(PLATFORM),
        streams.SYNC_EVENTS,
        events.ListingEnded,
        "A listing the trends service found gone from the market (published through its outbox).",
        publishers=(streams.TRENDS,),
        consumers=(streams.API_PROJECTOR_LIFECYCLE,),
        msg_id="ended:<platform>:<external_id>:<ended_at>",
    ),
    Channel(
        "alertMatched",
        streams.ALERT_MATCHED,
        streams.ALERTS,
        events.AlertMatched,
        "A listing that matched a saved search.",
        publishers=(streams.ALERTS_CONSUMER,),
    ),
    Channel(
        "alertsCommand",
        streams.ALERTS_COMMANDS,
        None,
        events.AlertsCommandRequested,
        "A request to the alerts service (test alert, retry deliveries, resume a channel), answered"
        " on the requester's reply subject; core NATS request/reply, queue group of the replicas.",
        publishers=("api",),
    ),
    Channel(
        "alertsCommandAnswer",
        "_INBOX.{inbox}",
        None,
        events.AlertsCommandAnswered,
        "The alerts service's answer to a command, on the requester's reply subject.",
        publishers=(streams.ALERTS_CONSUMER,),
    ),
    Channel(
        "deadLetter",
        streams.dead_letter(CONSUMER),
        streams.DLQ,
        None,
        "A message a consumer gave up on, copied byte for byte with why it failed (or, when it"
        " would not fit with these headers, an empty body: the original stays in its stream).",
        publishers=("every consumer",),
        msg_id="<consumer>:<stream>:<sequence> (parking twice keeps one copy)",
        headers={
            ERROR_HEADER: "the last error",
            CONSUMER_HEADER: "the durable consumer that parked it",
            BY_REFERENCE_HEADER: "true when the body was left out",
            SUBJECT_HEADER: "the subject it was published on",
            STREAM_HEADER: "the stream it came from",
            SEQUENCE_HEADER: "its sequence in that stream",
            DELIVERIES_HEADER: "how many times it was delivered",
        },
    ),
)

PARAMETERS = {
    "platform": {"enum": list(PLATFORMS), "description": "The marketplace."},
    "consumer": {"description": "The durable consumer that parked the message."},
    "inbox": {"description": "The requester's reply inbox (core NATS request/reply)."},
}


def _schemas(models: list[type[BaseModel]]) -> dict[str, Any]:
    _, top = models_json_schema(
        [(model, "serialization") for model in models],
        ref_template="#/components/schemas/{model}",
    )
    return top["$defs"]


def _headers(channel: Channel) -> dict[str, Any] | None:
    properties: dict[str, Any] = {}
    if channel.msg_id:
        properties["Nats-Msg-Id"] = {
            "type": "string",
            "description": f"JetStream de-duplication id: {channel.msg_id}",
        }
    for name, meaning in channel.headers.items():
        properties[name] = {"type": "string", "description": meaning}
    return {"type": "object", "properties": properties} if properties else None


def _message_name(channel: Channel) -> str:
    return channel.message.__name__ if channel.message else "DeadLetter"


def document() -> dict[str, Any]:
    stream_configs = {config.name: config for config in streams.stream_configs()}
    messages: dict[str, Any] = {}
    channels: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    for channel in CHANNELS:
        name = _message_name(channel)
        message: dict[str, Any] = {
            "name": name,
            "title": name,
            "summary": channel.description,
            "payload": (
                {"$ref": f"#/components/schemas/{name}"}
                if channel.message
                else {"description": "The original message's bytes, unchanged."}
            ),
        }
        if channel.message and channel.message.__doc__:
            message["description"] = " ".join(channel.message.__doc__.split())
        if headers := _headers(channel):
            message["headers"] = headers
        messages[name] = message
        entry: dict[str, Any] = {
            "address": channel.address,
            "title": channel.id,
            "description": channel.description,
            "messages": {name: {"$ref": f"#/components/messages/{name}"}},
        }
        if channel.stream is None:
            entry["x-nats"] = {"core": True, "queueGroup": streams.ALERTS_COMMANDS_QUEUE}
        else:
            config = stream_configs[channel.stream]
            entry["x-jetstream"] = {
                "stream": channel.stream,
                "retention": config.retention.value if config.retention else None,
                "streamSubjects": list(config.subjects or []),
                "durableConsumers": list(channel.consumers),
            }
        parameters = {
            key: value for key, value in PARAMETERS.items() if "{" + key + "}" in channel.address
        }
        if parameters:
            entry["parameters"] = parameters
        channels[channel.id] = entry
        channel_ref = {"$ref": f"#/channels/{channel.id}"}
        message_ref = [{"$ref": f"#/channels/{channel.id}/messages/{name}"}]
        operations[f"publish_{channel.id}"] = {
            "action": "send",
            "channel": channel_ref,
            "summary": f"Published by {', '.join(channel.publishers)}.",
            "messages": message_ref,
        }
        for durable in channel.consumers:
            key = f"{durable.replace('-', '_')}_receives_{channel.id}"
            operations[key] = {
                "action": "receive",
                "channel": channel_ref,
                "summary": f"Durable pull consumer {durable} on {channel.stream}.",
                "messages": message_ref,
            }
    models = [channel.message for channel in CHANNELS if channel.message]
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "Indigo events",
            "version": _version(),
            "description": (
                "The events Indigo's services exchange over NATS JetStream. Generated from "
                "indigo_shared.streams and indigo_shared.events by `indigo asyncapi`; do not edit."
            ),
        },
        "defaultContentType": "application/json",
        "servers": {
            "nats": {
                "host": "localhost:4222",
                "protocol": "nats",
                "description": "NATS with JetStream (NATS_URL).",
            }
        },
        "channels": channels,
        "operations": operations,
        "components": {"messages": messages, "schemas": _schemas(models)},
    }


def _version() -> str:
    try:
        return version("indigo-shared")
    except PackageNotFoundError:
        return "0.0.0"


class _PlainDumper(yaml.SafeDumper):
    """Writes a dict used twice out twice: anchors and aliases read badly in a contract."""

    def ignore_aliases(self, data) -> bool:
        return True


def render() -> str:
    return yaml.dump(
        document(), Dumper=_PlainDumper, sort_keys=False, allow_unicode=True, width=100
    )
