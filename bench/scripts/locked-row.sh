#!/usr/bin/env bash
# One shopper's row locked by another session in the middle of a purchase load (docs/BENCHMARKS.md,
# "Write path", ADR 0034): for each build given, on PostgreSQL (a database of its own) and the local
# Redis (a namespace of its own), MQ_SHOPPERS shoppers (default 100,000) and one store are seeded and
# warmed up (MQ_WARMUP seconds of purchases, default 60), the database analysed; then wrk posts
# purchases for random shoppers with 16 connections for 30 s while a psql session holds shopper s0's
# row (SELECT ... FOR UPDATE) from the 5th to the 20th second, as an operator's forgotten transaction
# would, and one purchase for s0 is posted half a second into the lock. The group-commit batch that
# holds s0's purchase waits for the lock, and with it the other purchases of that batch (their rows
# are locked by the batch's transaction): many shoppers, so that wrk's 16 connections, each waiting
# for its answer before sending again, seldom pick one of them again.
# Prints, per build, wrk's result, s0's purchase (status, seconds) and the purchases per second the
# database recorded in each 5-second slice of the run, then checks every shopper (coins = ledger, no
# outbox change pending).
#   bench/scripts/locked-row.sh a.jar [b.jar ...]
set -euo pipefail
[[ $# -ge 1 ]] || { echo "usage: $0 build.jar [build.jar ...]" >&2; exit 2; }
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export MQ_KEY=${MQ_KEY:-bench-admin-key-not-secret-0001}
export MQ_SHOPPERS=${MQ_SHOPPERS:-100000}
PORT=${MQ_PORT:-18093}
DB=mq_locked_row
NS=mqlocked
MQ_NS=$NS
LUA=$ROOT/bench/scripts/wrk/purchases.lua
for tool in wrk psql curl redis-cli; do
  command -v $tool > /dev/null || { echo "needs $tool" >&2; exit 2; }
done
. "$ROOT/bench/scripts/targets.sh" # pg, mq_fresh_db, mq_kill_wait, mq_start_purchases, mq_seed_purchases, mq_redis_clean

service_pid=
locker_pid=
finish() {
  [[ -z $locker_pid ]] || kill "$locker_pid" 2> /dev/null || true
  mq_kill_wait "$service_pid"
  service_pid=
}
trap finish EXIT

echo "machine: $(nproc) cores, $(uname -r); load average $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%FT%TZ)"
for jar in "$@"; do
  mq_fresh_db "$DB"
  mq_start_purchases "$jar" "$PORT" "$DB" "$NS" /tmp/mq-locked-row.log
  service_pid=$MQ_SERVICE_PID
  mq_seed_purchases "$PORT"
  MQ_RUN=w$RANDOM wrk -t2 -c16 -d"${MQ_WARMUP:-60}s" -s "$LUA" "http://127.0.0.1:$PORT" > /dev/null
  pg -d $DB -c "VACUUM ANALYZE" > /dev/null
  start=$(pg -d $DB -t -A -c "SELECT now()")
  # The lock: from 5 s to 20 s into the run, in a transaction of its own.
  (sleep 5 && pg -d $DB -c "BEGIN" -c "SELECT id FROM shoppers WHERE id = 's0' FOR UPDATE" \
    -c "SELECT pg_sleep(15)" -c "ROLLBACK" > /dev/null) &
  locker_pid=$!
  (sleep 5.5 && curl -s -o /dev/null -w 'status=%{http_code} seconds=%{time_total}' -H "X-Api-Key: $MQ_KEY" \
    -H 'Content-Type: application/json' -X POST "http://127.0.0.1:$PORT/api/v1/purchases" \
    -d "{\"shopperId\":\"s0\",\"storeId\":\"bench-store\",\"receiptId\":\"L-$RANDOM$RANDOM\",\"amountMinor\":1000,\"currency\":\"USD\"}" \
    > /tmp/mq-locked-row-s0.txt) &
  s0_pid=$!
  result=$(MQ_RUN=l$RANDOM wrk -t2 -c16 -d30s -s "$LUA" "http://127.0.0.1:$PORT")
  wait "$locker_pid" "$s0_pid" || true
  locker_pid=
  sleep 3 # purchases answered after wrk stopped waiting for them
  echo "build=$jar $(grep '^RESULT' <<< "$result" | sed 's/^RESULT //')"
  echo "  s0's purchase: $(cat /tmp/mq-locked-row-s0.txt)"
  echo "  recorded per second, by 5 s slice (the lock held in slices 2-4): $(pg -d $DB -t -A -c "
    SELECT string_agg(to_char(n / 5.0, 'FM999990'), ' ' ORDER BY slice)
    FROM (SELECT s AS slice, (SELECT COUNT(*) FROM purchases
            WHERE created_at >= '$start'::timestamptz + s * interval '5 seconds'
              AND created_at < '$start'::timestamptz + (s + 1) * interval '5 seconds') AS n
          FROM generate_series(0, 5) s) t")"
  report=$(curl -s -H "X-Api-Key: $MQ_KEY" "http://127.0.0.1:$PORT/api/v1/operations/reconciliation")
  echo "  check: $(grep -o '"shoppersChecked":[0-9]*,"mismatchCount":[0-9]*' <<< "$report") outbox_pending=$(pg -d $DB -t -A -c "SELECT COUNT(*) FROM change_outbox")" \
    "stall lines: $(grep -c 'stalled' /tmp/mq-locked-row.log || true)"
  finish
done
pg -d postgres -c "DROP DATABASE IF EXISTS $DB"
mq_redis_clean
