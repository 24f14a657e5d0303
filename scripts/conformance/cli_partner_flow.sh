#!/usr/bin/env bash
# Drives the partner event source flow with the AWS CLI as two accounts
# against a running Bridgeport. Usage: cli_partner_flow.sh URL
# Open mode needs nothing more: the 12-digit access keys are the accounts.
# For strict mode set PARTNER_KEY/PARTNER_SECRET, CUSTOMER_KEY/CUSTOMER_SECRET
# and PARTNER_NAME to an identity file's partner.
set -euo pipefail
url=${1:?usage: cli_partner_flow.sh ENDPOINT_URL}
export AWS_PAGER="" AWS_MAX_ATTEMPTS=1 AWS_DEFAULT_REGION=us-east-1
pname=${PARTNER_NAME:-cli.example}
src="aws.partner/$pname/orders/$RANDOM$RANDOM"
partner() { AWS_ACCESS_KEY_ID=${PARTNER_KEY:-111111111111} AWS_SECRET_ACCESS_KEY=${PARTNER_SECRET:-x} aws events --endpoint-url "$url" "$@"; }
customer() { AWS_ACCESS_KEY_ID=${CUSTOMER_KEY:-222222222222} AWS_SECRET_ACCESS_KEY=${CUSTOMER_SECRET:-x} aws events --endpoint-url "$url" "$@"; }
expect() { # expect WHAT WANT GOT
  if [ "$2" != "$3" ]; then echo "FAIL: $1: want '$2', got '$3'" >&2; exit 1; fi
  echo "ok: $1"
}

arn=$(partner create-partner-event-source --name "$src" --account 222222222222 --query EventSourceArn --output text)
expect "source ARN" "arn:aws:events:us-east-1::event-source/$src" "$arn"
expect "customer sees PENDING" PENDING "$(customer describe-event-source --name "$src" --query State --output text)"
expect "created by" "aws.partner/$pname" "$(customer describe-event-source --name "$src" --query CreatedBy --output text)"
expect "listed for the customer" "$src" "$(customer list-event-sources --name-prefix aws.partner/$pname/ --query 'EventSources[0].Name' --output text)"
expect "partner lists it" "$src" "$(partner list-partner-event-sources --name-prefix aws.partner/$pname/ --query 'PartnerEventSources[0].Name' --output text)"

if err=$(customer activate-event-source --name "$src" 2>&1); then echo "FAIL: activate without bus succeeded" >&2; exit 1; fi
case "$err" in *ResourceNotFoundException*"or event bus"*) echo "ok: activate without bus is ResourceNotFound";; *) echo "FAIL: $err" >&2; exit 1;; esac

bus_arn=$(customer create-event-bus --name "$src" --event-source-name "$src" --query EventBusArn --output text)
expect "bus ARN" "arn:aws:events:us-east-1:222222222222:event-bus/$src" "$bus_arn"
expect "ACTIVE after bus" ACTIVE "$(customer describe-event-source --name "$src" --query State --output text)"
expect "partner sees ACTIVE" ACTIVE "$(partner list-partner-event-source-accounts --event-source-name "$src" --query 'PartnerEventSourceAccounts[0].State' --output text)"

entries="[{\"Source\":\"$src\",\"DetailType\":\"Order Placed\",\"Detail\":\"{\\\"id\\\":7}\"},{\"Source\":\"$src\",\"DetailType\":\"Order Placed\",\"Detail\":\"[1]\"}]"
expect "one failed entry" 1 "$(partner put-partner-events --entries "$entries" --query FailedEntryCount --output text)"
expect "malformed detail" MalformedDetail "$(partner put-partner-events --entries "$entries" --query 'Entries[1].ErrorCode' --output text)"

# Route the partner's events through a rule to an API destination: a local receiver writing what it gets.
got=$(mktemp)
python3 -c 'import http.server,sys
class H(http.server.BaseHTTPRequestHandler):
    def do_POST(s):
        open(sys.argv[1],"ab").write(s.rfile.read(int(s.headers["Content-Length"]))+b"\n"); s.send_response(200); s.end_headers()
    def log_message(s,*a): pass
srv=http.server.HTTPServer(("127.0.0.1",0),H); print(srv.server_port,flush=True); srv.serve_forever()' "$got" > "$got.port" &
receiver=$!
trap 'kill $receiver 2>/dev/null || true; rm -f "$got" "$got.port"' EXIT
for _ in $(seq 1 50); do [ -s "$got.port" ] && break; sleep 0.1; done
hook="hook$RANDOM$RANDOM"
conn=$(customer create-connection --name "$hook" --authorization-type API_KEY \
  --auth-parameters '{"ApiKeyAuthParameters":{"ApiKeyName":"X-Key","ApiKeyValue":"s"}}' --query ConnectionArn --output text)
# CLI v1 would fetch an http:// argument as a URL: pass the endpoint in JSON.
dest=$(customer create-api-destination --name "$hook" --connection-arn "$conn" --http-method POST --query ApiDestinationArn --output text \
  --cli-input-json "{\"InvocationEndpoint\":\"http://127.0.0.1:$(cat "$got.port")/events\"}")
customer put-rule --name to-hook --event-bus-name "$src" --event-pattern '{"detail-type":["Order Shipped"]}' >/dev/null
customer put-targets --rule to-hook --event-bus-name "$src" --targets "Id=hook,Arn=$dest,InputPath=\$.detail" >/dev/null
partner put-partner-events --entries "[{\"Source\":\"$src\",\"DetailType\":\"Order Shipped\",\"Detail\":\"{\\\"id\\\":9}\"}]" >/dev/null
for _ in $(seq 1 100); do [ -s "$got" ] && break; sleep 0.1; done
expect "delivered to the API destination" '{"id":9}' "$(head -1 "$got")"
customer remove-targets --rule to-hook --event-bus-name "$src" --ids hook >/dev/null
customer delete-rule --name to-hook --event-bus-name "$src"

customer deactivate-event-source --name "$src"
expect "PENDING after deactivate" PENDING "$(customer describe-event-source --name "$src" --query State --output text)"
customer activate-event-source --name "$src"
expect "ACTIVE after activate" ACTIVE "$(customer describe-event-source --name "$src" --query State --output text)"

partner delete-partner-event-source --name "$src" --account 222222222222
expect "DELETED for the customer" DELETED "$(customer describe-event-source --name "$src" --query State --output text)"
customer delete-event-bus --name "$src"
if customer describe-event-source --name "$src" >/dev/null 2>&1; then echo "FAIL: source survives bus deletion" >&2; exit 1; fi
echo "ok: source gone after the customer deletes its bus"

if err=$(customer create-event-bus --name "aws.custom" 2>&1); then echo "FAIL: aws. bus created" >&2; exit 1; fi
case "$err" in *"EventBus name starting with 'aws.' is not valid."*) echo "ok: aws. prefix refused";; *) echo "FAIL: $err" >&2; exit 1;; esac
echo "AWS CLI partner flow: all checks passed"
