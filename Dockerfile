# One image for every Minqing process; the compose service or Kubernetes Deployment picks the command.
# BASE_IMAGE defaults to the official Python image; offline machines pass an image built from Debian
# packages (see deploy/README.md).
ARG BASE_IMAGE=python:3.11-slim-bookworm
FROM ${BASE_IMAGE}

ARG PIP_INDEX_URL=
ARG PIP_CERT=
ENV VIRTUAL_ENV=/opt/minqing \
    PATH=/opt/minqing/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DISTRICTS_DIR=/app/config/districts

RUN python3 -m venv /opt/minqing
WORKDIR /app
COPY shared /app/shared
COPY kit /app/kit
COPY services /app/services
RUN pip install --no-cache-dir ${PIP_INDEX_URL:+--index-url "$PIP_INDEX_URL"} ${PIP_CERT:+--cert "$PIP_CERT"} \
      /app/shared /app/kit /app/services/intake /app/services/routing /app/services/evaluation /app/services/notify
COPY config /app/config
RUN (getent group minqing || groupadd -r minqing) && (id minqing || useradd -r -g minqing -d /app minqing) \
    && mkdir -p /tmp/prometheus && chown minqing:minqing /tmp/prometheus
USER minqing
EXPOSE 8000
CMD ["minqing-intake", "check-settings"]
