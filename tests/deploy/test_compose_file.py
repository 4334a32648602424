"""docker-compose.yml is valid against the compose-spec schema and describes a scalable topology."""

import json
import re
import shutil
import subprocess
import sys
from importlib.resources import files
from pathlib import Path

import jsonschema
import pytest
import yaml

from .compose_support import NoEngine, build_images

ROOT = Path(__file__).resolve().parents[2]
# The compose specification's schema as check-jsonschema ships it (its builtin ``vendor.compose-spec``).
BUILTIN_SCHEMA = "vendor.compose-spec"
SERVICES = ("intake", "routing", "evaluation", "notify")


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def validate(document) -> None:
    """The spec names draft-07 without the trailing '#', which jsonschema does not recognise; say it outright."""
    schema = files("check_jsonschema.builtin_schemas.vendor").joinpath("compose-spec.json").read_text(encoding="utf-8")
    jsonschema.validate(document, json.loads(schema), cls=jsonschema.Draft7Validator)


def test_valid_against_the_compose_spec(compose):
    validate(compose)


def test_check_jsonschema_agrees():
    tool = shutil.which("check-jsonschema") or str(Path(sys.executable).parent / "check-jsonschema")
    result = subprocess.run(
        [tool, "--builtin-schema", BUILTIN_SCHEMA, str(ROOT / "docker-compose.yml")], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_process_type_is_its_own_scalable_service(compose):
    services = compose["services"]
    for service in SERVICES:
        for kind in ("web", "consumer", "relay", "migrate"):
            assert f"{service}-{kind}" in services
    for name, spec in services.items():
        if name in ("rabbitmq", "postgres", "gateway", "prometheus"):
            continue
        assert "container_name" not in spec, name
        assert "ports" not in spec, f"{name} publishes a host port and could not be scaled"


def test_processes_wait_for_healthy_infrastructure_and_migrations(compose):
    services = compose["services"]
    for service in SERVICES:
        migrate = services[f"{service}-migrate"]["depends_on"]
        assert migrate["rabbitmq"]["condition"] == migrate["postgres"]["condition"] == "service_healthy"
        for kind in ("web", "consumer", "relay"):
            needs = services[f"{service}-{kind}"]["depends_on"][f"{service}-migrate"]["condition"]
            assert needs == "service_completed_successfully"
        assert "healthcheck" in services[f"{service}-web"]
        assert services[f"{service}-web"]["environment"]["DATABASE_URL"].endswith(f"/minqing_{service}")
    assert all("healthcheck" in services[name] for name in ("rabbitmq", "postgres"))


def test_images_come_from_variables_defaulting_to_official_ones(compose):
    assert compose["services"]["rabbitmq"]["image"].startswith("${RABBITMQ_IMAGE:-rabbitmq:")
    assert compose["services"]["postgres"]["image"].startswith("${POSTGRES_IMAGE:-postgres:")
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "ARG BASE_IMAGE=python:" in dockerfile


CLUSTER = ROOT / "deploy" / "compose" / "cluster.yml"
OVERRIDE = ROOT / "deploy" / "compose" / "xinlin-consumers.yml"


def merged_services(*overrides: Path, **variables: str) -> dict:
    """``docker-compose config`` of docker-compose.yml with ``overrides``: the services as compose merges them."""
    if shutil.which("docker-compose") is None:  # installed by the compose tier's first run, or here
        try:
            build_images("--engine")
        except NoEngine as no:
            pytest.skip(f"docker-compose could not be installed: {no}")
    env = {
        "PATH": "/usr/bin:/bin:/usr/local/bin",
        "TOKEN_PUBLIC_KEYS": "k1=x",
        "NOTIFY_PUBLIC_KEY": "x",
        "TOKEN_SIGNING_KEY": "x",
        "CONTACT_PRIVATE_KEY": "x",
        "INTAKE_SECRET_KEY": "x",
        "PAGES_SECRET_KEY": "x",
        **variables,
    }
    files = [arg for path in (ROOT / "docker-compose.yml", *overrides) for arg in ("-f", str(path))]
    result = subprocess.run(
        ["docker-compose", "--project-directory", str(ROOT), *files, "config"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    return yaml.safe_load(result.stdout)["services"]


def test_the_xinlin_consumer_group_override_is_valid_and_moves_xinlin_out_of_the_default_group():
    validate(yaml.safe_load(OVERRIDE.read_text(encoding="utf-8")))
    merged = merged_services(OVERRIDE)
    assert merged["routing-consumer"]["environment"]["CONSUMER_EXCLUDE_DISTRICTS"] == "xinlin"
    assert merged["routing-migrate"]["environment"]["CONSUMER_EXCLUDE_DISTRICTS"] == "xinlin"
    dedicated = merged["routing-consumer-xinlin"]["environment"]
    assert (dedicated["CONSUMER_GROUP"], dedicated["CONSUMER_DISTRICTS"]) == ("xinlin", "xinlin")
    assert dedicated["DATABASE_URL"] == merged["routing-consumer"]["environment"]["DATABASE_URL"]


def test_the_cluster_override_runs_three_clustered_nodes_and_gives_every_process_all_three():
    validate(yaml.safe_load(CLUSTER.read_text(encoding="utf-8")))
    merged = merged_services(CLUSTER, RABBITMQ_ERLANG_COOKIE="c" * 40)
    nodes = {name: merged[name] for name in ("rabbitmq", "rabbitmq-2", "rabbitmq-3")}
    assert [spec["hostname"] for spec in nodes.values()] == ["rabbitmq-1", "rabbitmq-2", "rabbitmq-3"]
    for number, spec in enumerate(nodes.values(), start=1):
        assert spec["environment"]["RABBITMQ_NODENAME"] == f"rabbit@rabbitmq-{number}"
        assert spec["environment"]["MINQING_ERLANG_COOKIE"] == "c" * 40
        assert any(v.endswith(":/etc/rabbitmq/rabbitmq.conf:ro") for v in map(str, spec["volumes"])), spec["volumes"]
    conf = (ROOT / "deploy" / "compose" / "rabbitmq-cluster.conf").read_text(encoding="utf-8")
    assert all(f"= rabbit@rabbitmq-{n}" in conf for n in (1, 2, 3))
    assert "3" in nodes["rabbitmq"]["healthcheck"]["test"][1]  # healthy = three nodes running
    urls = ";".join(f"amqp://guest:guest@rabbitmq-{n}:5672/%2F" for n in (1, 2, 3))
    clients = [name for name, spec in merged.items() if "AMQP_URL" in (spec.get("environment") or {})]
    assert len(clients) >= 19 and {merged[name]["environment"]["AMQP_URL"] for name in clients} == {urls}


WORKER = re.compile(r"-(consumer|relay|scheduler)(-\w+)?$")


def test_every_worker_serves_its_metrics_and_prometheus_scrapes_every_process():
    """Each consumer, relay and scheduler (the xinlin group's too) on its own METRICS_PORT, exposed; the
    monitoring profile's Prometheus lists every web and worker service by name (each replica found by DNS)."""
    services = {**yaml.safe_load(OVERRIDE.read_text(encoding="utf-8"))["services"]}
    services.update(yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))["services"])
    workers = sorted(name for name in services if WORKER.search(name))
    assert len(workers) == 12, workers
    for name in workers:
        assert services[name]["environment"]["METRICS_PORT"] == "9100", name
        assert services[name]["expose"] == ["9100"], name
    prometheus = yaml.safe_load((ROOT / "deploy" / "prometheus" / "prometheus.yml").read_text(encoding="utf-8"))
    scraped = {
        (name, found["port"])
        for job in prometheus["scrape_configs"]
        for found in job["dns_sd_configs"]
        for name in found["names"]
    }
    assert scraped == {(name, 9100) for name in workers} | {(f"{s}-web", 8000) for s in SERVICES}
    assert services["prometheus"]["profiles"] == ["monitoring"]  # not started by a plain `up`
