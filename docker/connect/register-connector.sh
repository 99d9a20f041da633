#!/bin/sh
# Registers (or updates) the plantwatch connector once the worker's REST API answers.
set -eu
url="${CONNECT_URL:-http://connect:8083}"
until curl -fs "$url/connector-plugins" >/dev/null; do sleep 2; done
curl -fsS -X PUT -H 'Content-Type: application/json' \
  --data @/etc/plantwatch/plantwatch-ingest.json "$url/connectors/plantwatch-ingest/config"
echo "plantwatch-ingest registered"
