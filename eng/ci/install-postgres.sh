#!/usr/bin/env bash
# PostgreSQL's server programs for the Checkpointing.PostgreSql tests, sample and benchmark, which start a private
# server (tests/Shared/PostgreSql/PrivatePostgreSqlServer.cs). Does nothing when initdb is already installed.
set -euo pipefail
if compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-postgres.sh: no /usr/lib/postgresql/*/bin/initdb and no apt-get; install PostgreSQL's server package" >&2
  exit 1
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
# The package's own cluster is not needed: the tests start their own servers.
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || { echo "install-postgres.sh: postgresql installed but initdb not found" >&2; exit 1; }
