#!/usr/bin/env bash
# What an idle service costs (docs/BENCHMARKS.md, section 2a, ADR 0035): for each build, a fresh
# database and Redis namespace, MQ_SHOPPERS shoppers seeded, 20 s of purchases (16 connections) to
# warm it, MQ_QUIET seconds (default 35) with no request, then every thread's CPU over MQ_WINDOW
# seconds (default 20) from /proc/<pid>/task/*/stat, in clock ticks (100 a second = one core).
# Prints the busiest threads and the total, one build after the other.
#   bench/scripts/idle-cpu.sh a.jar [b.jar ...]
set -euo pipefail
[[ $# -ge 1 ]] || { echo "usage: $0 a.jar [b.jar ...]" >&2; exit 2; }
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export MQ_KEY=${MQ_KEY:-bench-admin-key-not-secret-0001}
export MQ_SHOPPERS=${MQ_SHOPPERS:-1000}
QUIET=${MQ_QUIET:-35}
WINDOW=${MQ_WINDOW:-20}
DB=mq_idle_cpu
PORT=18095
for tool in wrk psql curl redis-cli; do
  command -v $tool > /dev/null || { echo "needs $tool" >&2; exit 2; }
done

. "$ROOT/bench/scripts/targets.sh" # pg, mq_fresh_db, mq_kill_wait, mq_start_purchases, mq_seed_purchases, mq_redis_clean

MQ_SERVICE_PID=
finish() {
  mq_kill_wait "$MQ_SERVICE_PID"
  pg -d postgres -c "DROP DATABASE IF EXISTS $DB" 2> /dev/null || true
  MQ_NS=mqidlecpu mq_redis_clean
}
trap finish EXIT

# One line per thread: "tid ticks name", sorted by tid.
threads() {
  local t
  for t in /proc/"$1"/task/*; do
    echo "$(basename "$t") $(awk '{print $14 + $15}' "$t/stat" 2> /dev/null || echo 0) $(tr ' ' '_' < "$t/comm")"
  done | sort
}

echo "machine: $(nproc) cores, $(uname -r); load average $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%FT%TZ)"
for build in "$@"; do
  MQ_NS=mqidlecpu mq_fresh_db $DB
  mq_start_purchases "$build" $PORT $DB mqidlecpu /tmp/mq-idle-cpu.log
  mq_seed_purchases $PORT
  MQ_RUN=warm$RANDOM wrk -t2 -c16 -d20s -s "$ROOT/bench/scripts/wrk/purchases.lua" "http://127.0.0.1:$PORT" > /dev/null
  sleep "$QUIET"
  threads "$MQ_SERVICE_PID" > /tmp/mq-idle-cpu.0
  sleep "$WINDOW"
  threads "$MQ_SERVICE_PID" > /tmp/mq-idle-cpu.1
  echo "build=$build idle ${WINDOW}s after ${QUIET}s quiet:"
  join /tmp/mq-idle-cpu.0 /tmp/mq-idle-cpu.1 | awk '{d = $4 - $2; if (d > 0) print d, $3}' | sort -rn | head -8 | sed 's/^/  /'
  join /tmp/mq-idle-cpu.0 /tmp/mq-idle-cpu.1 | awk -v w="$WINDOW" '{d = $4 - $2; t += d; if ($3 !~ /Compiler/) o += d} END {printf "  total %d ticks = %.1f%% of one core; without the JIT compiler threads %d ticks = %.1f%%\n", t, t / w, o, o / w}'
  mq_kill_wait "$MQ_SERVICE_PID"
  MQ_SERVICE_PID=
done
