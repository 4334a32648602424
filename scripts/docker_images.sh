#!/usr/bin/env bash
# Get a Docker engine and every image the compose file needs, on a machine with no image registry.
#
#   scripts/docker_images.sh            # engine + images; prints the image variables for compose
#   scripts/docker_images.sh --engine   # only make sure an engine answers
#   scripts/docker_images.sh rabbitmq   # engine + base + only the named images (rabbitmq postgres gateway minqing)
#
# 1. installs docker.io, docker-compose and mmdebstrap with apt-get when missing (needs root);
# 2. starts dockerd in the background when no engine answers, and waits for it;
# 3. builds minqing/base:bookworm from Debian packages with mmdebstrap (reused when it exists);
# 4. builds minqing/rabbitmq, minqing/postgres and minqing/gateway on that base (Debian's packages),
#    and the Minqing image itself with BASE_IMAGE=minqing/base:bookworm, the host's CA bundle and the
#    host's PyPI index. Every build is layered so that a second run is served from the cache.
# The last lines on stdout are KEY=value pairs (MINQING_IMAGE=..., ...) to put in a compose .env;
# progress goes to stderr. Exits 3, saying why on stderr, when no engine can be had (not root, apt or
# dockerd failing); any other non-zero status is a failed image build.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BASE_IMAGE="${MINQING_BASE_IMAGE:-minqing/base:bookworm}"
SUITE="${DEBIAN_SUITE:-bookworm}"
TAG="${MINQING_TAG:-local}"
DOCKERD_LOG="${DOCKERD_LOG:-/var/log/minqing-dockerd.log}"
DOCKER=/usr/bin/docker   # Debian's client matches Debian's engine; another client may be earlier on PATH
say() { echo "docker_images: $*" >&2; }

need_packages() {
  local missing=()
  command -v dockerd >/dev/null || missing+=(docker.io)
  command -v docker-compose >/dev/null || missing+=(docker-compose)
  command -v mmdebstrap >/dev/null || missing+=(mmdebstrap)
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" -eq 0 ] || { say "need root to install ${missing[*]}"; return 1; }
  say "installing ${missing[*]}"
  apt-get update -q >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >&2
}

engine_answers() { "$DOCKER" info >/dev/null 2>&1; }

start_engine() {
  engine_answers && return 0
  [ "$(id -u)" -eq 0 ] || { say "no Docker engine answers and we are not root to start one"; return 1; }
  say "starting dockerd (log: $DOCKERD_LOG)"
  setsid nohup dockerd >"$DOCKERD_LOG" 2>&1 </dev/null &
  for _ in $(seq 1 60); do
    engine_answers && { say "engine is up"; return 0; }
    sleep 1
  done
  say "dockerd did not answer within 60 s; last lines of $DOCKERD_LOG:"
  tail -n 20 "$DOCKERD_LOG" >&2 || true
  return 1
}

have_image() { "$DOCKER" image inspect "$1" >/dev/null 2>&1; }

build_base() {
  if have_image "$BASE_IMAGE"; then say "reusing $BASE_IMAGE"; return 0; fi
  say "building $BASE_IMAGE from Debian $SUITE with mmdebstrap (a minute or two)"
  mmdebstrap --quiet --variant=minbase --include=ca-certificates,python3,python3-venv "$SUITE" - \
    | "$DOCKER" import --change 'CMD ["/bin/bash"]' --change 'ENV LANG=C.UTF-8' - "$BASE_IMAGE" >&2
}

# The host's CA bundle goes into the build context (deploy/certs/ is gitignored but for its README),
# so pip inside the build trusts what the host trusts.
stage_certificates() {
  local bundle="${PIP_CERT:-/etc/ssl/certs/ca-certificates.crt}"
  if [ -f "$bundle" ]; then
    cmp -s "$bundle" "$ROOT/deploy/certs/ca-certificates.crt" 2>/dev/null \
      || cp "$bundle" "$ROOT/deploy/certs/ca-certificates.crt"
    echo /opt/minqing-certs/ca-certificates.crt
  fi
}

# The host's primary index (pip config or PIP_INDEX_URL); empty means pip's default, PyPI.
host_index_url() {
  local url="${PIP_INDEX_URL:-}"
  [ -n "$url" ] || url="$(pip3 config get global.index-url 2>/dev/null || true)"
  case "$url" in http://*|https://*) echo "$url" ;; *) echo "" ;; esac
}

build() {  # build <image> <dockerfile> [build args...]
  local image="$1" dockerfile="$2"; shift 2
  say "building $image ($dockerfile)"
  DOCKER_BUILDKIT=0 "$DOCKER" build --network host -q -t "$image" -f "$ROOT/$dockerfile" "$@" "$ROOT" >&2
}

wanted() {  # wanted <name>: no names given means every image
  [ ${#IMAGES[@]} -eq 0 ] && return 0
  local name
  for name in "${IMAGES[@]}"; do [ "$name" = "$1" ] && return 0; done
  return 1
}

main() {
  # Runs at the same time (the test suite's processes) take turns for apt, the engine and the base image;
  # the images on it build side by side (Docker shares their cached layers).
  exec 9>"${TMPDIR:-/tmp}/minqing-docker-images.lock"
  flock 9
  need_packages || exit 3
  start_engine || exit 3
  [ "${1:-}" = "--engine" ] && return 0
  IMAGES=("$@")
  build_base
  flock -u 9
  local name
  for name in rabbitmq postgres gateway; do
    wanted "$name" && build "minqing/$name:$TAG" "deploy/images/$name/Dockerfile" --build-arg "BASE_IMAGE=$BASE_IMAGE"
  done
  if wanted minqing; then
    local cert index
    cert="$(stage_certificates)"
    index="$(host_index_url)"
    build "minqing:$TAG" Dockerfile --build-arg "BASE_IMAGE=$BASE_IMAGE" \
      --build-arg "PIP_CERT=$cert" --build-arg "PIP_INDEX_URL=$index"
    echo "MINQING_IMAGE=minqing:$TAG"
  fi
  for name in rabbitmq postgres gateway; do
    wanted "$name" && echo "${name^^}_IMAGE=minqing/$name:$TAG"
  done
  return 0
}

main "$@"
