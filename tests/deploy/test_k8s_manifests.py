"""deploy/k8s: every kustomization renders (kubectl kustomize) and every rendered manifest passes
`kubernetes-validate --strict`; the workloads have what operating them needs."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from jsonschema import Draft202012Validator

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy" / "k8s"
KUSTOMIZATIONS = ("base", "overlays/staging", "overlays/production", "overlays/broker-cluster")
SECRET_VARIABLES = {
    "DATABASE_URL",
    "AMQP_URL",
    "TOKEN_SIGNING_KEY",
    "CONTACT_PRIVATE_KEY",
    "INTAKE_SECRET_KEY",
    "PAGES_SECRET_KEY",
}


KEDA_API = "keda.sh/"
KEDA_SCHEMAS = yaml.safe_load((Path(__file__).with_name("keda_schema.yaml")).read_text(encoding="utf-8"))


def render(kustomization: str) -> str:
    kubectl, kustomize = shutil.which("kubectl"), shutil.which("kustomize")
    if not (kubectl or kustomize):
        print("\n*** K8S MANIFESTS NOT RENDERED: neither kubectl nor kustomize is installed", file=sys.stderr)
        pytest.skip("neither kubectl nor kustomize is installed")
    command = [kubectl, "kustomize"] if kubectl else [kustomize, "build"]
    result = subprocess.run([*command, str(K8S / kustomization)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def production() -> list[dict]:
    return list(yaml.safe_load_all(render("overlays/production")))


def _kind(docs, kind):
    return {d["metadata"]["name"]: d for d in docs if d["kind"] == kind}


def test_the_base_is_what_the_generator_writes_from_the_current_districts():
    sys.path.insert(0, str(K8S))
    import generate

    assert generate.write(check=True) == [], "run: .venv/bin/python deploy/k8s/generate.py"


@pytest.mark.parametrize("kustomization", KUSTOMIZATIONS)
def test_every_kustomization_renders_and_validates_strictly(kustomization, tmp_path):
    rendered = tmp_path / "rendered.yaml"
    rendered.write_text(render(kustomization), encoding="utf-8")
    tool = shutil.which("kubernetes-validate") or str(Path(sys.executable).parent / "kubernetes-validate")
    result = subprocess.run([tool, "--strict", str(rendered)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    documents = [d for d in yaml.safe_load_all(rendered.read_text(encoding="utf-8")) if d]
    custom = [d for d in documents if d["apiVersion"].startswith(KEDA_API)]
    assert (result.stdout + result.stderr).count("passed for resource") == len(documents) - len(custom) > 20
    assert (result.stdout + result.stderr).count("Couldn't find schema") == len(custom)
    for document in custom:  # kubernetes-validate skips custom resources: KEDA's against its own schema
        errors = [e.message for e in Draft202012Validator(KEDA_SCHEMAS[document["kind"]]).iter_errors(document)]
        assert errors == [], (document["metadata"]["name"], errors)


def test_web_deployments_are_probed_and_every_container_is_bounded(production):
    deployments = _kind(production, "Deployment")
    for service in ("intake", "routing", "evaluation", "notify"):
        web = deployments[f"{service}-web"]["spec"]["template"]["spec"]["containers"][0]
        assert web["readinessProbe"]["httpGet"]["path"] == "/readyz"
        assert web["livenessProbe"]["httpGet"]["path"] == "/healthz"
        assert deployments[f"{service}-web"]["spec"]["replicas"] == 3
    for name, deployment in deployments.items():
        for container in deployment["spec"]["template"]["spec"]["containers"]:
            assert {"cpu", "memory"} <= set(container["resources"]["requests"]), name
            assert {"cpu", "memory"} <= set(container["resources"]["limits"]), name
            assert container["image"].startswith("registry.example.gov.cn/minqing/minqing:"), name


def test_consumers_scale_on_queue_depth_web_on_cpu_migrations_are_jobs_and_secrets_stay_in_secrets(production):
    by_queue = {
        d["spec"]["scaleTargetRef"]["name"]: d["spec"]["triggers"][0]["metadata"]["queueName"]
        for d in _kind(production, "ScaledObject").values()
        if d["spec"]["triggers"][0]["type"] == "rabbitmq"
    }
    by_cpu = {d["spec"]["scaleTargetRef"]["name"] for d in _kind(production, "HorizontalPodAutoscaler").values()}
    services = ("intake", "routing", "evaluation", "notify")
    deployments = _kind(production, "Deployment")
    consumers = {n for n in deployments if n.startswith(tuple(f"{s}-consumer" for s in services))}
    assert set(by_queue) == consumers and "routing-consumer-xinlin" in consumers
    assert by_queue["routing-consumer"] == "routing.events" and by_queue["routing-consumer-xinlin"] == "routing.xinlin"
    assert by_cpu == {f"{s}-web" for s in services}, "web processes scale on CPU, consumers only on their queue"
    (auth,) = _kind(production, "TriggerAuthentication").values()
    assert auth["spec"]["secretTargetRef"] == [
        {"parameter": "host", "name": "minqing-broker", "key": "QUEUE_DEPTH_URL"}
    ]
    jobs = _kind(production, "Job")
    assert set(jobs) == {f"{s}-migrate" for s in ("intake", "routing", "evaluation", "notify")}
    for doc in [*_kind(production, "Deployment").values(), *jobs.values()]:
        for variable in doc["spec"]["template"]["spec"]["containers"][0]["env"]:
            if variable["name"] in SECRET_VARIABLES:
                assert "secretKeyRef" in variable["valueFrom"], (doc["metadata"]["name"], variable["name"])


def test_routing_trains_its_dispatch_model_in_a_cronjob_and_its_scheduler_only_sweeps(production):
    (cron,) = _kind(production, "CronJob").values()
    assert cron["metadata"]["name"] == "routing-train-dispatch"
    assert cron["spec"]["concurrencyPolicy"] == "Forbid"  # never two trainings at once
    pod = cron["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    [container] = pod["containers"]
    assert container["command"] == ["minqing-routing", "train-dispatch", "--due"]
    assert pod["restartPolicy"] == "OnFailure"
    assert {"cpu", "memory"} <= set(container["resources"]["limits"])
    assert all("secretKeyRef" in v["valueFrom"] for v in container["env"] if v["name"] in SECRET_VARIABLES)
    scheduler = _kind(production, "Deployment")["routing-scheduler"]["spec"]["template"]["spec"]["containers"][0]
    assert scheduler["command"] == ["minqing-routing", "scheduler"]


def test_every_district_is_configured_and_xinlin_has_its_own_consumer_group(production):
    (districts,) = [d for n, d in _kind(production, "ConfigMap").items() if n.startswith("minqing-districts")]
    assert set(districts["data"]) == {p.name for p in (ROOT / "config" / "districts").glob("*.yaml")}
    deployments = _kind(production, "Deployment")
    env = lambda name: {
        e["name"]: e.get("value")
        for e in deployments[name]["spec"]["template"]["spec"]["containers"][0]["env"]  # noqa: E731
    }
    assert env("routing-consumer")["CONSUMER_EXCLUDE_DISTRICTS"] == "xinlin"
    assert (env("routing-consumer-xinlin")["CONSUMER_GROUP"], env("routing-consumer-xinlin")["CONSUMER_DISTRICTS"]) == (
        "xinlin",
        "xinlin",
    )
    migrate = {
        e["name"]: e.get("value")
        for e in _kind(production, "Job")["routing-migrate"]["spec"]["template"]["spec"]["containers"][0]["env"]
    }
    assert migrate["CONSUMER_EXCLUDE_DISTRICTS"] == "xinlin"
    externals = {
        n: d["spec"] for n, d in _kind(production, "Service").items() if d["spec"].get("type") == "ExternalName"
    }
    assert set(externals) == {"rabbitmq", "postgres"}
    assert all(spec["externalName"].endswith("example.gov.cn") for spec in externals.values())


def test_the_grafana_dashboard_charts_every_metric_the_services_expose_and_no_other():
    import json
    import re

    exposed = set(re.findall(r'"(minqing_[a-z_]+)"', (ROOT / "kit" / "minqing_kit" / "metrics.py").read_text()))
    for module in (ROOT / "services").glob("*/minqing_*/**/*.py"):  # a service's own: kit's counter() and the like
        exposed |= set(re.findall(r'\b(?:counter|histogram|gauge)\(\s*"(minqing_[a-z_]+)"', module.read_text()))
    dashboard = json.loads((ROOT / "deploy" / "grafana" / "minqing-dashboard.json").read_text(encoding="utf-8"))
    expressions = " ".join(t["expr"] for p in dashboard["panels"] for t in p["targets"])
    charted = {re.sub(r"_(bucket|sum|count)$", "", m) for m in re.findall(r"minqing_[a-z_]+", expressions)}
    assert exposed and charted == exposed


def test_the_broker_cluster_overlay_runs_three_nodes_that_find_each_other_by_their_stable_names():
    docs = [d for d in yaml.safe_load_all(render("overlays/broker-cluster")) if d]
    nodes = _kind(docs, "StatefulSet")["rabbitmq"]
    assert nodes["spec"]["replicas"] == 3 and nodes["spec"]["serviceName"] == "rabbitmq-nodes"
    assert _kind(docs, "Service")["rabbitmq-nodes"]["spec"]["clusterIP"] == "None"
    namespace = nodes["metadata"]["namespace"]
    config = next(c for name, c in _kind(docs, "ConfigMap").items() if name.startswith("rabbitmq-cluster"))
    conf = config["data"]["rabbitmq.conf"]
    for ordinal in range(3):  # each peer named in the configuration is a pod of the StatefulSet
        assert f"= rabbit@rabbitmq-{ordinal}.rabbitmq-nodes.{namespace}.svc.cluster.local" in conf
    (container,) = nodes["spec"]["template"]["spec"]["containers"]
    env = {e["name"]: e for e in container["env"]}
    assert env["RABBITMQ_NODENAME"]["value"] == f"rabbit@$(POD_NAME).rabbitmq-nodes.{namespace}.svc.cluster.local"
    assert env["MINQING_ERLANG_COOKIE"]["valueFrom"]["secretKeyRef"]["name"] == "rabbitmq-erlang-cookie"
    front = _kind(docs, "Service")["rabbitmq"]["spec"]  # the base's name for the broker now selects the nodes
    assert front["type"] == "ClusterIP" and front["selector"] == {"app.kubernetes.io/name": "rabbitmq"}
    assert _kind(docs, "PodDisruptionBudget")["rabbitmq"]["spec"]["maxUnavailable"] == 1


def test_the_workbench_links_to_evaluation_s_staff_pages_where_staff_reach_them(production):
    (settings,) = [d for n, d in _kind(production, "ConfigMap").items() if n.startswith("minqing-settings")]
    staff = _kind(production, "Ingress")["minqing-staff"]["spec"]["rules"]
    routed = {(r["host"], p["path"]): p["backend"]["service"]["name"] for r in staff for p in r["http"]["paths"]}
    pages = urlsplit(
        settings["data"]["EVALUATION_PAGES_URL"]
    )  # routing's link: <it>/staff/grids/<grid>/courtyard-edits
    assert pages.scheme == "https" and routed[(pages.hostname, pages.path.rstrip("/") + "/staff")] == "evaluation-web"
    assert routed[(pages.hostname, "/workbench")] == "routing-web"  # the page the link is on, on the same host
    public = _kind(production, "Ingress")["minqing-public"]["spec"]["rules"]
    assert all("host" not in r or r["host"] != pages.hostname for r in public)  # no staff page on the residents' host
