#!/usr/bin/env bash
# Starts a Bridgeport in a temporary folder and runs the real-client
# conformance scripts against it. A client that is not installed is skipped
# with the reason printed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT

(cd "$root" && go build -o "$work/bridgeport" ./cmd/bridgeport)
pid=""
# start MODE: runs a server in open or strict mode on a free port; sets url.
start() {
  [ -n "$pid" ] && { kill "$pid"; wait "$pid" 2>/dev/null || true; }
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 4399)
  local ids=""
  [ "$1" = strict ] && ids="$here/identities.yaml"
  BRIDGEPORT_IDENTITIES="$ids" "$work/bridgeport" --listen "127.0.0.1:$port" --data "$work/data-$1" --log-level warn &
  pid=$!
  url="http://127.0.0.1:$port"
  for _ in $(seq 1 100); do curl -fsS "$url/health" >/dev/null 2>&1 && break; sleep 0.1; done
  curl -fsS "$url/health" >/dev/null
}
strict_env=(PARTNER_KEY=AKIAACMEPARTNER PARTNER_SECRET=acme-partner-secret
  CUSTOMER_KEY=AKIACUSTOMER CUSTOMER_SECRET=customer-secret PARTNER_NAME=acme.com)

status=0
for mode in open strict; do
  start "$mode"
  envs=()
  [ "$mode" = strict ] && envs=("${strict_env[@]}")
  if command -v aws >/dev/null 2>&1; then
    echo "== AWS CLI, $mode mode ($(aws --version 2>&1 | head -1))"
    env "${envs[@]}" "$here/cli_partner_flow.sh" "$url" || status=1
  else
    echo "== AWS CLI, $mode mode: skipped (aws not installed)"
  fi
  if python3 -c 'import boto3' >/dev/null 2>&1; then
    echo "== boto3, $mode mode ($(python3 -c 'import boto3; print(boto3.__version__)'))"
    env "${envs[@]}" python3 "$here/boto3_partner_flow.py" "$url" || status=1
  else
    echo "== boto3, $mode mode: skipped (python3 with boto3 not installed)"
  fi
done
start open
if python3 -c 'import boto3' >/dev/null 2>&1; then
  echo "== boto3 delivery chain"
  python3 "$here/boto3_delivery.py" "$url" || status=1
else
  echo "== boto3 delivery chain: skipped (python3 with boto3 not installed)"
fi
if curl --help all 2>/dev/null | grep -q -- --aws-sigv4; then
  echo "== curl --aws-sigv4"
  out=$(curl -sS --aws-sigv4 "aws:amz:us-east-1:events" --user "222222222222:x" \
    -H 'Content-Type: application/x-amz-json-1.1' -H 'X-Amz-Target: AWSEvents.ListEventBuses' -d '{}' "$url/")
  case "$out" in *'"Name":"default"'*) echo "ok: curl lists the default bus";; *) echo "FAIL: curl: $out"; status=1;; esac
else
  echo "== curl --aws-sigv4: skipped (curl lacks --aws-sigv4)"
fi
exit $status
