# One image for every Minqing process; the compose service or Kubernetes Deployment picks the command.
# BASE_IMAGE defaults to the official Python image; offline machines pass an image built from Debian
# packages (scripts/docker_images.sh, deploy/README.md).
# Layers, from the least to the most often changed: venv, third-party dependencies (from the
# pyproject.toml files only, at the versions in constraints.txt that CI tested), Minqing's own
# packages (--no-deps), district configuration.
ARG BASE_IMAGE=python:3.11-slim-bookworm
FROM ${BASE_IMAGE}

# PIP_CERT: a CA bundle path inside the image (deploy/certs/ is copied to /opt/minqing-certs/);
# PIP_INDEX_URL: the index pip uses (empty = PyPI).
ARG PIP_INDEX_URL=
ARG PIP_CERT=
ENV VIRTUAL_ENV=/opt/minqing \
    PATH=/opt/minqing/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_DEFAULT_TIMEOUT=120 \
    DISTRICTS_DIR=/app/config/districts \
    SPOOL_DIR=/var/lib/minqing/spool

RUN python3 -m venv /opt/minqing
COPY deploy/certs/ /opt/minqing-certs/
WORKDIR /app
COPY deploy/images/requirements.py deploy/images/requirements-extra.txt constraints.txt /opt/minqing-build/
COPY shared/pyproject.toml /app/shared/pyproject.toml
COPY kit/pyproject.toml /app/kit/pyproject.toml
COPY services/intake/pyproject.toml /app/services/intake/pyproject.toml
COPY services/routing/pyproject.toml /app/services/routing/pyproject.toml
COPY services/evaluation/pyproject.toml /app/services/evaluation/pyproject.toml
COPY services/notify/pyproject.toml /app/services/notify/pyproject.toml
RUN python3 /opt/minqing-build/requirements.py /app/shared /app/kit /app/services/* > /opt/minqing-build/requirements.txt \
    && pip install --no-cache-dir ${PIP_INDEX_URL:+--index-url "$PIP_INDEX_URL"} ${PIP_CERT:+--cert "$PIP_CERT"} \
         -c /opt/minqing-build/constraints.txt \
         -r /opt/minqing-build/requirements.txt -r /opt/minqing-build/requirements-extra.txt
COPY shared /app/shared
COPY kit /app/kit
COPY services /app/services
# --no-deps: everything is in the layer above; pip check fails the build if a declaration drifted.
RUN pip install --no-cache-dir --no-deps --no-build-isolation \
      /app/shared /app/kit /app/services/intake /app/services/routing /app/services/evaluation /app/services/notify \
    && pip check
RUN (getent group minqing || groupadd -r -g 10001 minqing) && (id minqing || useradd -r -u 10001 -g minqing -d /app minqing) \
    && mkdir -p /tmp/prometheus /var/lib/minqing/spool /var/lib/minqing/photos \
    && chown minqing:minqing /tmp/prometheus /var/lib/minqing /var/lib/minqing/spool /var/lib/minqing/photos
COPY config /app/config
# numeric, so that Kubernetes can check runAsNonRoot (deploy/k8s runs as 10001)
USER 10001:10001
EXPOSE 8000
CMD ["minqing-intake", "check-settings"]
