"""Write the kustomize base in deploy/k8s/base/ from one description of Minqing's process types, and
copy config/districts/*.yaml next to it (the districts ConfigMap). Run after changing either:

    .venv/bin/python deploy/k8s/generate.py

tests/deploy/test_k8s_manifests.py fails when the committed base differs from what this writes."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
BASE = HERE / "base"
IMAGE = "minqing"
SERVICES = ("intake", "routing", "evaluation", "notify")
SCHEDULERS = ("routing", "evaluation", "notify")
# Secret keys each service reads (Secret minqing-keys), besides its database URL and the broker URL;
# every REQUIRED_SECRETS of a service's settings model is here (MINQING_ENV=production needs them).
KEYS = {
    "intake": ["INTAKE_SECRET_KEY", "NOTIFY_PUBLIC_KEY", "TOKEN_PUBLIC_KEYS"],
    "routing": ["TOKEN_SIGNING_KEY", "TOKEN_KEY_ID", "TOKEN_PUBLIC_KEYS"],
    "evaluation": ["PAGES_SECRET_KEY", "TOKEN_PUBLIC_KEYS"],
    "notify": ["CONTACT_PRIVATE_KEY", "TOKEN_PUBLIC_KEYS"],
}
RESOURCES = {
    "web": ("100m", "192Mi", "1", "512Mi"),
    "consumer": ("100m", "160Mi", "1", "384Mi"),
    "relay": ("50m", "128Mi", "500m", "256Mi"),
    "scheduler": ("50m", "160Mi", "500m", "384Mi"),
    "migrate": ("100m", "160Mi", "1", "384Mi"),
    "train": ("100m", "256Mi", "1", "768Mi"),
}
COMMANDS = {
    "web": lambda s: [
        "gunicorn",
        "-c",
        "python:minqing_kit.gunicorn_conf",
        f"minqing_{s}.wsgi:app",
        "--bind",
        "0.0.0.0:8000",
        "--workers",
        "2",
        "--worker-tmp-dir",
        "/dev/shm",
    ],
    "consumer": lambda s: [f"minqing-{s}", "consumer"],
    "relay": lambda s: [f"minqing-{s}", "relay"],
    "scheduler": lambda s: [f"minqing-{s}", "scheduler"],
    "migrate": lambda s: ["sh", "-c", f"minqing-{s} migrate && minqing-{s} declare"],
    "train": lambda s: [f"minqing-{s}", "train-dispatch", "--due"],
}
# Routing's history model of dispatch is trained by a CronJob, never in the scheduler (a training of
# 20,000 cases holds its process ~1.6 s, and the deadline sweeps must not wait): each hour, the districts
# whose dispatch_model.retrain_hours have passed. A Job only while it trains (a Deployment would hold a
# training's memory all day), with its own limits, never two at once. deploy/README.md, "Kubernetes".
TRAINERS = ("routing",)
TRAIN_SCHEDULE = "17 * * * *"


def labels(service: str, kind: str) -> dict:
    return {
        "app.kubernetes.io/name": f"{service}-{kind}",
        "app.kubernetes.io/component": kind,
        "minqing.gov.cn/service": service,
    }


def env(service: str) -> list[dict]:
    secret = lambda name, key: {"secretKeyRef": {"name": name, "key": key}}  # noqa: E731
    return [
        {"name": "DATABASE_URL", "valueFrom": secret("minqing-databases", service)},
        {"name": "AMQP_URL", "valueFrom": secret("minqing-broker", "AMQP_URL")},
        *({"name": key, "valueFrom": secret("minqing-keys", key)} for key in KEYS[service]),
    ]


# A consumer, relay or scheduler serves what it counted (events settled, published, the scheduler's case
# figures, notify's failed deliveries) on its own port (METRICS_PORT), scraped like the web's /metrics.
WORKER_METRICS_PORT = 9100
WORKER_KINDS = ("consumer", "relay", "scheduler")


# Residents' photos (intake's PHOTO_DIR): one claim that every intake web replica mounts, so ReadWriteMany
# (an NFS/CephFS class); only the web reads and writes them. deploy/README.md says how to size it.
PHOTOS_POD = ("intake", "web")
PHOTOS_CLAIM = "intake-photos"
PHOTOS_MOUNT = {"name": "photos", "mountPath": "/var/lib/minqing/photos"}


def photos_claim() -> dict:
    return {
        "apiVersion": "v1",
        "kind": "PersistentVolumeClaim",
        "metadata": {"name": PHOTOS_CLAIM, "labels": labels(*PHOTOS_POD)},
        "spec": {"accessModes": ["ReadWriteMany"], "resources": {"requests": {"storage": "50Gi"}}},
    }


# The stale-tolerant reads of these pods (reports, dashboards, public lists, the delivery log) go to a
# streaming replica when minqing-databases holds "<service>-read" (optional: without it they read the
# primary; beyond READ_MAX_LAG_SECONDS they read it too). Only web processes have such reads; evaluation's
# scheduler must not build what it stores from a replica. deploy/README.md, "PostgreSQL".
READ_REPLICA_PODS = {(service, "web") for service in SERVICES}


def read_replica_env(service: str) -> dict:
    ref = {"name": "minqing-databases", "key": f"{service}-read", "optional": True}
    return {"name": "READ_DATABASE_URL", "valueFrom": {"secretKeyRef": ref}}


def container(service: str, kind: str) -> dict:
    cpu, memory, cpu_limit, memory_limit = RESOURCES[kind]
    spec = {
        "name": kind,
        "image": IMAGE,
        "command": COMMANDS[kind](service),
        "env": [
            *env(service),
            *([read_replica_env(service)] if (service, kind) in READ_REPLICA_PODS else []),
            *([{"name": "METRICS_PORT", "value": str(WORKER_METRICS_PORT)}] if kind in WORKER_KINDS else []),
        ],
        "envFrom": [{"configMapRef": {"name": "minqing-settings"}}],
        "resources": {"requests": {"cpu": cpu, "memory": memory}, "limits": {"cpu": cpu_limit, "memory": memory_limit}},
        "securityContext": {
            "allowPrivilegeEscalation": False,
            "readOnlyRootFilesystem": True,
            "capabilities": {"drop": ["ALL"]},
        },
        "volumeMounts": [
            {"name": "districts", "mountPath": "/etc/minqing/districts", "readOnly": True},
            {"name": "tmp", "mountPath": "/tmp"},
            {"name": "metrics", "mountPath": "/var/run/minqing"},
            {"name": "spool", "mountPath": "/var/lib/minqing/spool"},
            *([PHOTOS_MOUNT] if (service, kind) == PHOTOS_POD else []),
        ],
    }
    if kind == "web":
        probe = lambda path, period: {
            "httpGet": {"path": path, "port": "http"},
            "periodSeconds": period,  # noqa
            "timeoutSeconds": 3,
            "failureThreshold": 3,
        }
        spec.update(
            ports=[{"name": "http", "containerPort": 8000}],
            readinessProbe=probe("/readyz", 5),
            livenessProbe={**probe("/healthz", 10), "initialDelaySeconds": 10},
        )
    if kind in WORKER_KINDS:
        spec["ports"] = [{"name": "metrics", "containerPort": WORKER_METRICS_PORT}]
    return spec


def pod(service: str, kind: str) -> dict:
    volumes = [
        {"name": "districts", "configMap": {"name": "minqing-districts"}},
        *({"name": name, "emptyDir": {}} for name in ("tmp", "metrics", "spool")),
        *(
            [{"name": "photos", "persistentVolumeClaim": {"claimName": PHOTOS_CLAIM}}]
            if (service, kind) == PHOTOS_POD
            else []
        ),
    ]
    spec = {
        "securityContext": {"runAsNonRoot": True, "runAsUser": 10001, "runAsGroup": 10001, "fsGroup": 10001},
        "terminationGracePeriodSeconds": 35,
        "containers": [container(service, kind)],
        "volumes": volumes,
    }
    metadata = {"labels": labels(service, kind)}
    if kind == "web" or kind in WORKER_KINDS:
        metadata["annotations"] = {
            "prometheus.io/scrape": "true",
            "prometheus.io/port": "8000" if kind == "web" else str(WORKER_METRICS_PORT),
            "prometheus.io/path": "/metrics",
        }
    return {"metadata": metadata, "spec": spec}


def deployment(service: str, kind: str) -> dict:
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": f"{service}-{kind}", "labels": labels(service, kind)},
        "spec": {"replicas": 1, "selector": {"matchLabels": labels(service, kind)}, "template": pod(service, kind)},
    }


def train_cronjob(service: str) -> dict:
    job_pod = pod(service, "train")
    job_pod["spec"]["restartPolicy"] = "OnFailure"
    return {
        "apiVersion": "batch/v1",
        "kind": "CronJob",
        "metadata": {"name": f"{service}-train-dispatch", "labels": labels(service, "train")},
        "spec": {
            "schedule": TRAIN_SCHEDULE,
            "concurrencyPolicy": "Forbid",
            "startingDeadlineSeconds": 600,
            "successfulJobsHistoryLimit": 3,
            "failedJobsHistoryLimit": 3,
            "jobTemplate": {
                "metadata": {"labels": labels(service, "train")},
                "spec": {"backoffLimit": 2, "activeDeadlineSeconds": 3000, "template": job_pod},
            },
        },
    }


def manifests(service: str) -> list[dict]:
    job_pod = pod(service, "migrate")
    job_pod["spec"]["restartPolicy"] = "OnFailure"
    docs = [
        {
            "apiVersion": "batch/v1",
            "kind": "Job",
            "metadata": {"name": f"{service}-migrate", "labels": labels(service, "migrate")},
            "spec": {"backoffLimit": 6, "ttlSecondsAfterFinished": 3600, "template": job_pod},
        },
        deployment(service, "web"),
        {
            "apiVersion": "v1",
            "kind": "Service",
            "metadata": {"name": f"{service}-web", "labels": labels(service, "web")},
            "spec": {"selector": labels(service, "web"), "ports": [{"name": "http", "port": 80, "targetPort": "http"}]},
        },
    ]
    docs += [deployment(service, kind) for kind in ("consumer", "relay")]
    if service in SCHEDULERS:  # one replica: schedulers claim rows, a second one only adds standby
        docs.append(deployment(service, "scheduler"))
    if service in TRAINERS:
        docs.append(train_cronjob(service))
    docs.append(queue_scaler(f"{service}-consumer", labels(service, "consumer"), f"{service}.events", 1, 6))
    docs.append(autoscaler(f"{service}-web", labels(service, "web"), 1, 6))
    if service == PHOTOS_POD[0]:
        docs.append(photos_claim())
    return docs


# Consumers scale on their work queue's depth (KEDA's RabbitMQ scaler): a replica per this many waiting
# messages. A consumer handles a batch of CONSUMER_BATCH (50) per transaction; 200 waiting is four
# batches, seconds of work at the figures in bench/README.md, so a backlog that outlasts a poll adds replicas.
MESSAGES_PER_REPLICA = 200
QUEUE_DEPTH_AUTH = "minqing-queue-depth"


def queue_scaler(name: str, label: dict, queue: str, least: int, most: int) -> dict:
    """A KEDA ScaledObject: ``name``'s replicas follow the length of ``queue`` (ready messages, from the
    management API: one number for a quorum queue whichever node answers). KEDA makes the HPA itself."""
    return {
        "apiVersion": "keda.sh/v1alpha1",
        "kind": "ScaledObject",
        "metadata": {"name": name, "labels": label},
        "spec": {
            "scaleTargetRef": {"name": name},
            "minReplicaCount": least,
            "maxReplicaCount": most,
            "pollingInterval": 15,
            "cooldownPeriod": 300,
            "advanced": {
                "horizontalPodAutoscalerConfig": {"behavior": {"scaleDown": {"stabilizationWindowSeconds": 300}}}
            },
            "triggers": [
                {
                    "type": "rabbitmq",
                    "metadata": {
                        "protocol": "http",
                        "mode": "QueueLength",
                        "value": str(MESSAGES_PER_REPLICA),
                        "queueName": queue,
                    },  # fmt: skip
                    "authenticationRef": {"name": QUEUE_DEPTH_AUTH},
                }
            ],
        },
    }


def queue_depth_auth() -> dict:
    """Where KEDA reads queue lengths: the management API's URL with the vhost (``QUEUE_DEPTH_URL`` of the
    Secret minqing-broker), not AMQP_URL, which may list every node of a cluster."""
    return {
        "apiVersion": "keda.sh/v1alpha1",
        "kind": "TriggerAuthentication",
        "metadata": {"name": QUEUE_DEPTH_AUTH},
        "spec": {"secretTargetRef": [{"parameter": "host", "name": "minqing-broker", "key": "QUEUE_DEPTH_URL"}]},
    }


def autoscaler(name: str, label: dict, least: int, most: int) -> dict:
    """Web processes: an HPA on CPU (70 % of the request)."""
    return {
        "apiVersion": "autoscaling/v2",
        "kind": "HorizontalPodAutoscaler",
        "metadata": {"name": name, "labels": label},
        "spec": {
            "scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": name},
            "minReplicas": least,
            "maxReplicas": most,
            "metrics": [
                {
                    "type": "Resource",
                    "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": 70}},
                }
            ],
            "behavior": {"scaleDown": {"stabilizationWindowSeconds": 300}},
        },
    }


# The residents' one address (PUBLIC_BASE_URL): these prefixes go to evaluation, the rest to intake, as on
# compose's gateway port 8001 and in the local stack's scripts/public_gateway.py.
EVALUATION_PATHS = ("/rate/", "/board/")


def ingress() -> dict:
    routes = [backend_path(p.rstrip("/"), "evaluation") for p in EVALUATION_PATHS] + [backend_path("/", "intake")]
    return {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "Ingress",
        # the submit form carries up to 6 photos of 10 MB (ingress-nginx's default is 1 MB); the services
        # keep their own MAX_BODY_BYTES on every other request
        "metadata": {"name": "minqing-public", "annotations": {"nginx.ingress.kubernetes.io/proxy-body-size": "64m"}},
        "spec": {"rules": [{"http": {"paths": routes}}]},
    }


# The staff's address, on a host of its own so that no staff page answers on the residents' one: routing's
# workbench and evaluation's staff pages (a courtyard file's edit history, the workbench's link to it:
# EVALUATION_PAGES_URL), each service's page assets; the shared layout's (kit's, the same files in both) from
# routing. Overlays set their host in the Ingress and in EVALUATION_PAGES_URL.
STAFF_HOST = "staff.minqing.example.gov.cn"
STAFF_PATHS = {
    "/workbench": "routing",
    "/static/routing_pages": "routing",
    "/static/minqing": "routing",
    "/staff": "evaluation",
    "/dashboard": "evaluation",  # evaluation's pages' 首页 link
    "/static/evaluation_pages": "evaluation",
}


def backend_path(prefix: str, service: str) -> dict:
    return {
        "path": prefix,
        "pathType": "Prefix",
        "backend": {"service": {"name": f"{service}-web", "port": {"number": 80}}},
    }


def staff_ingress() -> dict:
    routes = [backend_path(prefix, service) for prefix, service in STAFF_PATHS.items()]
    return {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "Ingress",
        "metadata": {"name": "minqing-staff"},
        "spec": {"rules": [{"host": STAFF_HOST, "http": {"paths": routes}}]},
    }


def kustomization(districts: list[Path]) -> dict:
    settings = {
        "MINQING_ENV": "production",
        "DISTRICTS_DIR": "/etc/minqing/districts",
        "PROMETHEUS_MULTIPROC_DIR": "/var/run/minqing",
        "SPOOL_DIR": "/var/lib/minqing/spool",
        "PHOTO_DIR": PHOTOS_MOUNT["mountPath"],
        "LOG_LEVEL": "INFO",
        "PUBLIC_BASE_URL": "https://minqing.example.gov.cn",
        # intake behind one Ingress hop: the client address is the last X-Forwarded-For entry
        "TRUSTED_PROXY_HOPS": "1",
        "RATE_LIMIT_EXEMPT": "",
        # the workbench calls intake (grid pages, staff filing, a case's photos) and evaluation (the grid pages'
        # visit figures), waiting INTAKE_TIMEOUT_SECONDS / EVALUATION_TIMEOUT_SECONDS (routing's defaults)
        "INTAKE_URL": "http://intake-web",
        "EVALUATION_URL": "http://evaluation-web",
        # the workbench's notices page reads the signed-in person's in-app inbox from notify
        "NOTIFY_URL": "http://notify-web",
        # evaluation's staff pages sign in through routing's login API
        "ROUTING_URL": "http://routing-web",
        # where staff's browsers reach evaluation's staff pages (the Ingress minqing-staff), for the workbench's links
        "EVALUATION_PAGES_URL": f"https://{STAFF_HOST}",
    }
    return {
        "apiVersion": "kustomize.config.k8s.io/v1beta1",
        "kind": "Kustomization",
        "labels": [{"pairs": {"app.kubernetes.io/part-of": "minqing"}, "includeSelectors": False}],
        "resources": [
            "external-services.yaml",
            "ingress.yaml",
            "staff-ingress.yaml",
            "queue-depth.yaml",
            *(f"{s}.yaml" for s in SERVICES),
        ],
        "configMapGenerator": [
            {"name": "minqing-districts", "files": [f"districts/{p.name}" for p in districts]},
            {"name": "minqing-settings", "literals": [f"{k}={v}" for k, v in settings.items()]},
        ],
    }


def write(check: bool = False, districts_dir: Path = ROOT / "config" / "districts", base: Path = BASE) -> list[str]:
    """Write (or, with check, compare) the base; return the paths that differ."""
    districts = sorted(districts_dir.glob("*.yaml"))
    wanted = {
        f"{service}.yaml": "# Written by deploy/k8s/generate.py: do not edit.\n"
        + yaml.safe_dump_all(manifests(service), sort_keys=False, allow_unicode=True)
        for service in SERVICES
    }
    wanted["ingress.yaml"] = "# Written by deploy/k8s/generate.py: do not edit.\n" + yaml.safe_dump(
        ingress(), sort_keys=False
    )
    wanted["staff-ingress.yaml"] = "# Written by deploy/k8s/generate.py: do not edit.\n" + yaml.safe_dump(
        staff_ingress(), sort_keys=False
    )
    wanted["queue-depth.yaml"] = "# Written by deploy/k8s/generate.py: do not edit.\n" + yaml.safe_dump(
        queue_depth_auth(), sort_keys=False
    )
    wanted["kustomization.yaml"] = "# Written by deploy/k8s/generate.py: do not edit.\n" + yaml.safe_dump(
        kustomization(districts), sort_keys=False
    )
    stale = [
        name
        for name, text in wanted.items()
        if not (base / name).exists() or (base / name).read_text(encoding="utf-8") != text
    ]
    stale += [
        f"districts/{p.name}"
        for p in districts
        if not (base / "districts" / p.name).exists() or (base / "districts" / p.name).read_bytes() != p.read_bytes()
    ]
    names = {p.name for p in districts}
    extra = [p for p in sorted((base / "districts").glob("*.yaml")) if p.name not in names]
    stale += [f"districts/{p.name} (removed)" for p in extra]
    if not check:
        for path in extra:
            path.unlink()
        (base / "districts").mkdir(parents=True, exist_ok=True)
        for name, text in wanted.items():
            (base / name).write_text(text, encoding="utf-8")
        for path in districts:
            shutil.copyfile(path, base / "districts" / path.name)
    return stale


if __name__ == "__main__":
    changed = write(check="--check" in sys.argv)
    print("\n".join(changed) or "up to date")
