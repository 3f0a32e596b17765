#!/usr/bin/env bash
# Redis's server for the multi-process Orleans test and the ClusterJob sample, which start a private server
# (tests/Shared/Redis/PrivateRedisServer.cs) as the silos' membership table. Does nothing when redis-server is installed.
set -euo pipefail
if command -v redis-server >/dev/null 2>&1; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-redis.sh: no redis-server and no apt-get; install Redis's server package" >&2
  exit 1
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
# The package's own service is not needed: the tests and the sample start their own servers.
command -v redis-server >/dev/null 2>&1 || { echo "install-redis.sh: redis-server installed but not found on PATH" >&2; exit 1; }
