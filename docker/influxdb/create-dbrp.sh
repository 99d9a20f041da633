#!/bin/bash
# Runs once when InfluxDB 2 initialises: maps the InfluxQL database to the bucket (DBRP), so
# Grafana's InfluxQL data source reads the bucket through the v1-compatible API.
set -euo pipefail
bucket_id=$(influx bucket list --name "${DOCKER_INFLUXDB_INIT_BUCKET}" --hide-headers | cut -f1)
influx v1 dbrp create --bucket-id "${bucket_id}" --db "${PLANTWATCH_INFLUX_DATABASE}" --rp autogen --default
