#!/usr/bin/env bash
# Install the system programs Minqing needs when they are missing and we may install them (root
# with apt). RabbitMQ and PostgreSQL are only installed, never started here: `make up` and the test
# fixtures decide whether to use a running one or start their own.
set -euo pipefail
need=()
command -v python3 >/dev/null || need+=(python3)
python3 -c 'import venv, ensurepip' 2>/dev/null || need+=(python3-venv)
command -v rabbitmq-server >/dev/null || need+=(rabbitmq-server)
command -v pg_ctlcluster >/dev/null || command -v initdb >/dev/null || need+=(postgresql)
command -v npm >/dev/null || need+=(npm)
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "installing: ${need[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
else
  echo "Minqing needs: ${need[*]} — install them with your package manager (e.g. sudo apt-get install ${need[*]})" >&2
  exit 1
fi
