#!/usr/bin/env bash
# A PostgreSQL server on loopback for the tests of adapters/postgres and the
# CLI's PostgreSQL test. Idempotent: installs Debian's postgresql if missing,
# creates and starts a cluster if none runs, creates the role and database
# eleader (password eleader) if missing, then exports ELEADER_TEST_POSTGRES
# and prints its export line. .ci/run sources it; it may also be run alone:
#
#   eval "$(bash .ci/postgres.sh | tail -n 1)"
#
# Needs root (or sudo): it installs packages and acts as the postgres user.
set -euo pipefail

pg_sudo=""
if [ "$(id -u)" != 0 ]; then pg_sudo="sudo"; fi

if ! command -v pg_lsclusters >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  $pg_sudo apt-get update -qq
  $pg_sudo apt-get install -y -qq --no-install-recommends postgresql >/dev/null
fi

# The newest version installed, and its cluster "main" (created if missing).
pg_version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
if ! pg_lsclusters -h | awk -v v="$pg_version" '$1 == v && $2 == "main" { found = 1 } END { exit !found }'; then
  $pg_sudo pg_createcluster "$pg_version" main >/dev/null
fi
pg_port=$(pg_lsclusters -h | awk -v v="$pg_version" '$1 == v && $2 == "main" { print $3 }')
if ! pg_lsclusters -h | awk -v v="$pg_version" '$1 == v && $2 == "main" && $4 ~ /^online/ { found = 1 } END { exit !found }'; then
  $pg_sudo pg_ctlcluster "$pg_version" main start
fi
for _ in $(seq 100); do
  pg_isready -q -h 127.0.0.1 -p "$pg_port" && break
  sleep 0.2
done
pg_isready -h 127.0.0.1 -p "$pg_port"

# The role and the database the tests use (each test works in a schema of
# its own, dropped at its end).
pg_psql() { $pg_sudo runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -p "$pg_port" -tA "$@"; }
if [ -z "$(pg_psql -c "SELECT 1 FROM pg_roles WHERE rolname = 'eleader'")" ]; then
  pg_psql -c "CREATE ROLE eleader LOGIN PASSWORD 'eleader'"
fi
if [ -z "$(pg_psql -c "SELECT 1 FROM pg_database WHERE datname = 'eleader'")" ]; then
  pg_psql -c "CREATE DATABASE eleader OWNER eleader TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'"
fi

export ELEADER_TEST_POSTGRES="postgres://eleader:eleader@127.0.0.1:$pg_port/eleader?sslmode=disable"
echo "export ELEADER_TEST_POSTGRES='$ELEADER_TEST_POSTGRES'"
