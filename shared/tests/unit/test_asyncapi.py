"""The AsyncAPI document covers every stream, subject and event, resolves, and is committed current."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

from indigo_shared import asyncapi, events, streams
from pydantic import BaseModel

COMMITTED = Path(__file__).resolve().parents[3] / "docs" / "asyncapi.yaml"


def subject_pattern(address: str) -> str:
    """An address with parameters as the NATS wildcard a stream declares (``{platform}``: ``*``)."""
    return re.sub(r"\{[a-z_]+\}", "*", address)


def covers(stream_subject: str, subject: str) -> bool:
    if stream_subject.endswith(".>"):
        return subject.startswith(stream_subject[:-1])
    return stream_subject == subject


def test_the_committed_document_is_the_one_the_code_generates():
    assert COMMITTED.exists(), "run `indigo asyncapi -o docs/asyncapi.yaml`"
    assert COMMITTED.read_text() == asyncapi.render(), (
        "docs/asyncapi.yaml is stale: run `indigo asyncapi -o docs/asyncapi.yaml` and commit it"
    )


def test_every_stream_subject_has_a_channel_on_that_stream_and_back():
    document = asyncapi.document()
    channels = document["channels"].values()
    for config in streams.stream_configs():
        for stream_subject in config.subjects:
            on_stream = [
                c for c in channels if covers(stream_subject, subject_pattern(c["address"]))
            ]
            assert on_stream, f"{config.name} subject {stream_subject} has no channel"
            assert all(c["x-jetstream"]["stream"] == config.name for c in on_stream)
    for channel in channels:
        if "x-jetstream" not in channel:  # core NATS request/reply
            continue
        stream = channel["x-jetstream"]["stream"]
        subjects = channel["x-jetstream"]["streamSubjects"]
        assert any(covers(s, subject_pattern(channel["address"])) for s in subjects), stream


def test_every_wire_event_is_a_message_with_its_pydantic_schema():
    wire_events = {
        name
        for name, cls in inspect.getmembers(events, inspect.isclass)
        if issubclass(cls, BaseModel) and "schema_version" in cls.model_fields
    }
    document = asyncapi.document()
    messages = document["components"]["messages"]
    assert wire_events <= set(messages)
    schemas = document["components"]["schemas"]
    for name in wire_events:
        model = getattr(events, name)
        assert set(schemas[name]["properties"]) == set(model.model_fields), name


def test_every_reference_resolves_and_operations_name_real_durables():
    document = asyncapi.document()
    assert document["asyncapi"] == "3.0.0"

    def resolve(ref: str):
        node = document
        for part in ref.removeprefix("#/").split("/"):
            node = node[part]
        return node

    refs = re.findall(r"'\$ref': '([^']+)'", str(document))
    assert refs
    for ref in refs:
        resolve(ref)
    durables = {
        value
        for name, value in vars(streams).items()
        if name.isupper() and isinstance(value, str) and not value.isupper() and "." not in value
    } | {streams.collector_durable(p) for p in events.PLATFORMS}
    for channel in document["channels"].values():
        for durable in channel.get("x-jetstream", {}).get("durableConsumers", []):
            assert durable in durables, durable
        for parameter in re.findall(r"\{([a-z_]+)\}", channel["address"]):
            assert parameter in channel["parameters"]
    actions = {op["action"] for op in document["operations"].values()}
    assert actions == {"send", "receive"}
