#!/usr/bin/env bash
# What one purchase writes to PostgreSQL's WAL (docs/BENCHMARKS.md, section 6): the service (this
# checkout's jar, or BUILD) on a database and a Redis namespace of its own, 1,000 shoppers, 60 s of
# 16-connection warm-up and VACUUM ANALYZE, a CHECKPOINT, then one client for 10 s, twice; prints the
# client's latency, the WAL bytes per purchase and pg_waldump's record statistics for that run (index
# and heap records per purchase, the share of full-page images). Needs read access to the server's
# pg_wal directory (run as root or postgres on the database's machine).
#   bench/scripts/wal-per-purchase.sh [BUILD]
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD=${1:-$ROOT/mall/target/mallquest.jar}
export MQ_KEY=${MQ_KEY:-bench-admin-key-not-secret-0001}
export MQ_SHOPPERS=${MQ_SHOPPERS:-1000}
DB=mq_wal_per_purchase
PORT=18096
LUA=$ROOT/bench/scripts/wrk/purchases.lua
MQ_NS=mqwal
. "$ROOT/bench/scripts/targets.sh" # pg, mq_fresh_db, mq_kill_wait, mq_start_purchases, mq_seed_purchases, mq_redis_clean
WALDUMP=$(ls /usr/lib/postgresql/*/bin/pg_waldump 2> /dev/null | tail -1)
[[ -n $WALDUMP ]] || { echo "needs pg_waldump (package postgresql)" >&2; exit 2; }

mq_fresh_db $DB
service=
finish() {
  mq_kill_wait "$service"
  pg -d postgres -c "DROP DATABASE IF EXISTS $DB" > /dev/null 2>&1 || true
  mq_redis_clean
}
trap finish EXIT
mq_start_purchases "$BUILD" $PORT $DB $MQ_NS /tmp/mq-wal-per-purchase.log
service=$MQ_SERVICE_PID
mq_seed_purchases $PORT
MQ_RUN=warm$RANDOM wrk -t2 -c16 -d60s -s "$LUA" "http://127.0.0.1:$PORT" > /dev/null
pg -d $DB -c "VACUUM ANALYZE" -c "CHECKPOINT"
count() { pg -d $DB -Atc "SELECT count(*) FROM purchases"; }
# Two runs: the first 10 s after the checkpoint (every page's first change writes its full image),
# then the next 10 s.
for run in after-checkpoint next; do
  start=$(pg -d $DB -Atc "SELECT pg_current_wal_lsn()")
  before=$(count)
  echo "$run: one client: $(MQ_RUN=$run$RANDOM wrk -t1 -c1 -d10s -s "$LUA" "http://127.0.0.1:$PORT" | grep '^RESULT')"
  end=$(pg -d $DB -Atc "SELECT pg_current_wal_lsn()")
  purchases=$(($(count) - before))
  echo "$run: purchases=$purchases wal_bytes_per_purchase=$(pg -d $DB -Atc "SELECT round(pg_wal_lsn_diff('$end', '$start') / $purchases)")"
  # Records per purchase by kind, most frequent first, then the totals with the full-page images' share.
  "$WALDUMP" -p "$(pg -d $DB -Atc "SHOW data_directory")/pg_wal" -s "$start" -e "$end" --stats=record 2> /dev/null |
    awk -v n="$purchases" '{ gsub(/\([^)]*\)|\[[^]]*\]/, "") }
      $1 ~ /\// && $2 > 0 { printf "  %-24s %6.2f per purchase, %5.0f bytes (%5.0f of them full-page images)\n", $1, $2 / n, $5 / n, $4 / n }
      $1 == "Total" { total = sprintf("  %-24s %6.2f records per purchase, %5.0f bytes (%5.0f of them full-page images)", "all", $2 / n, $5 / n, $4 / n) }
      END { print total }' | sort -k2 -g -r
done
