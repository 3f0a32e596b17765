#!/usr/bin/env bash
# Times building a generated 200-class project with and without the Checkpointing package and reports the
# generator's and analyzers' share (-p:ReportAnalyzer=true). Pass --dry for a 5-class smoke run.
# Results go to benchmarks/Checkpointing.Benchmarks/results/results.json and docs/performance.md (section 6).
set -euo pipefail
cd "$(dirname "$0")/.."
exec dotnet run -c Release --project benchmarks/Checkpointing.Benchmarks -- --build-cost "$@"
