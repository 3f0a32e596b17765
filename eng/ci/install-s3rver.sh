#!/usr/bin/env bash
# s3rver (an S3-compatible server) for the Checkpointing.S3 tests, benchmarks and sample: installed from the committed
# package-lock.json into eng/s3rver/node_modules (git-ignored), never globally. Does nothing when already installed.
set -euo pipefail
cd "$(dirname "$0")/../s3rver"
if [ -f node_modules/s3rver/bin/s3rver.js ]; then exit 0; fi
if ! command -v npm >/dev/null 2>&1; then
  echo "npm is missing: install Node.js (20 or newer) to run the S3 tests" >&2
  exit 1
fi
npm ci --no-audit --no-fund
