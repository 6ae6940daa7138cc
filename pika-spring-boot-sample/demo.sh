#!/usr/bin/env bash
# The sample in one minute: starts the application, posts orders (one of them poison), prints the stats
# and the health, and stops it.
#
#   pika-spring-boot-sample/demo.sh                                                  # embedded broker
#   PIKA_URL=amqp://guest:guest@localhost:5672/%2F pika-spring-boot-sample/demo.sh   # RabbitMQ
#
# Settings (environment): PORT (HTTP, default 8080), ORDERS (default 10), PROCESSING_TIME (default 5s),
# WAIT_SECONDS (how long to wait for the orders, default 120), REBUILD=1 to rebuild the jar. Needs Java 17+, Maven (for the first build) and curl.
set -euo pipefail

cd "$(dirname "$0")/.."
JAR=pika-spring-boot-sample/target/pika-spring-boot-sample-0.1.0-SNAPSHOT.jar
LOG=pika-spring-boot-sample/target/demo.log
PORT=${PORT:-8080}
ORDERS=${ORDERS:-10}
PROCESSING_TIME=${PROCESSING_TIME:-5s}
WAIT_SECONDS=${WAIT_SECONDS:-120}
BASE=http://localhost:$PORT

if [[ ! -f $JAR || ${REBUILD:-0} == 1 ]]; then
  echo "== Building the sample (once): mvn -pl pika-spring-boot-sample -am package -DskipTests"
  mvn -B -ntp -q -pl pika-spring-boot-sample -am package -DskipTests
fi

pretty() { if command -v python3 >/dev/null; then python3 -m json.tool; else cat; echo; fi; }
# The overall status and the pika contributor only (the full document also lists disk space, ping...).
pika_health() {
  if command -v python3 >/dev/null; then
    python3 -c 'import json, sys; h = json.load(sys.stdin); print(json.dumps({"status": h["status"], "components": {"pika": h["components"]["pika"]}}, indent=2))'
  else cat; echo; fi
}

echo "== Starting the application on port $PORT (log: $LOG)"
java -jar "$JAR" --server.port="$PORT" --sample.orders.processing-time="$PROCESSING_TIME" >"$LOG" 2>&1 &
APP=$!
trap 'kill "$APP" 2>/dev/null || true' EXIT

for _ in $(seq 1 180); do
  if curl -sf "$BASE/actuator/health" >/dev/null; then break; fi
  if ! kill -0 "$APP" 2>/dev/null; then echo "The application stopped; see $LOG"; tail -30 "$LOG"; exit 1; fi
  sleep 1
done
curl -sf "$BASE/actuator/health" >/dev/null || { echo "No answer on $BASE after 180 s; see $LOG"; exit 1; }
grep -m1 'Broker:' "$LOG" | sed 's/.*: Broker:/Broker:/'

echo
echo "== Posting $ORDERS orders; the one with quantity 0 is poison"
for i in $(seq 1 "$ORDERS"); do
  quantity=$(( i == ORDERS / 2 ? 0 : i ))
  printf 'POST {"product": "book-%s", "quantity": %s} -> ' "$i" "$quantity"
  curl -s -w ' (%{http_code})\n' -H 'Content-Type: application/json' \
    -d "{\"product\": \"book-$i\", \"quantity\": $quantity}" "$BASE/orders"
done
echo 'POST {"product": "book"} (no quantity) ->'
curl -s -w ' (%{http_code})\n' -H 'Content-Type: application/json' -d '{"product": "book"}' "$BASE/orders"

echo
echo "== Waiting for the orders ($PROCESSING_TIME each, on the listener's worker pool; at most $WAIT_SECONDS s)"
deadline=$(( SECONDS + WAIT_SECONDS ))
while :; do
  stats=$(curl -s "$BASE/orders/stats")
  echo "GET /orders/stats -> $stats"
  processed=$(sed 's/.*"processed":\([0-9]*\).*/\1/' <<<"$stats")
  failed=$(sed 's/.*"failed":\([0-9]*\).*/\1/' <<<"$stats")
  if (( processed + failed >= ORDERS )); then break; fi
  if (( SECONDS >= deadline )); then echo "Not all orders were done within $WAIT_SECONDS s; see $LOG"; break; fi
  sleep 3
done

echo
echo "== GET /actuator/health (the pika part)"
curl -s "$BASE/actuator/health" | pika_health
echo
echo "== GET /actuator/metrics/pika.published"
curl -s "$BASE/actuator/metrics/pika.published" | pretty
echo
echo "== The poison order, in the dead-letter queue (from the log)"
grep 'moved to' "$LOG" | sed 's/.*DeadLetterRecoverer *: //' || true

echo
echo "== Stopping the application (SIGTERM: graceful shutdown)"
kill -TERM "$APP"
set +e
wait "$APP"
code=$?
set -e
trap - EXIT
echo "Stopped with exit code $code (143 = ended by SIGTERM after a graceful shutdown)"
