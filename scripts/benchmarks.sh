#!/usr/bin/env bash
# Regenerates the load-tool tables of BENCHMARKS.md: builds the server and
# the load tool, runs every configuration the tables show, and prints them
# as Markdown on standard output (progress goes to standard error).
#
#   bash scripts/benchmarks.sh [DURATION]      # DURATION per run, default 5s
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-5s}
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
go build -o "$bin/bridgeport" ./cmd/bridgeport
go build -o "$bin/bridgeport-bench" ./cmd/bridgeport-bench
bench() { "$bin/bridgeport-bench" --server-bin "$bin/bridgeport" --duration "$duration" --markdown "$@"; }

echo "## Closed loop, 100 rules, the matching rule's target another event bus"
echo
bench --sink=false
echo
echo "## Closed loop, 100 rules, the matching rule's target an API destination (the tool's HTTP sink)"
echo
bench --scenarios put1,put10 --peers floor
echo
echo "## Offered load of 1,000 events/s, API destination target"
echo
bench --rate 1000 --scenarios put1,partner1 --peers none
echo
echo "## Closed loop, 10,000 rules on the bus, event-bus target"
echo
bench --sink=false --rules 10000 --scenarios put1,put10 --peers floor

echo
echo "## Worker counts, put1, event-bus target: Bridgeport and the floor at each, and each one's best"
echo
bench --sink=false --sweep 32,64,128,256 --scenarios put1 --peers floor
