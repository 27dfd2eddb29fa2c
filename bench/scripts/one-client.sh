#!/usr/bin/env bash
# One client's latency, two builds side by side (docs/BENCHMARKS.md, "Write path"): both services run
# at once, each on a database and a Redis namespace of its own, both seeded with MQ_SHOPPERS shoppers
# and one store through the API and warmed with 16 connections (MQ_WARMUP seconds each, default 60),
# then analysed (VACUUM ANALYZE); then single-connection `wrk` runs of 10 s alternate between them,
# RUNS times each (default 6). Only one service is loaded at a time; alternating short runs puts both
# under the same machine conditions, which one long run per build (write-path.sh) cannot on a shared
# machine. Prints one line per run and each build's median p50. As in write-path.sh, a build may carry
# environment settings of its own, joined to the jar by '+':
#   bench/scripts/one-client.sh a.jar b.jar [RUNS]
#   bench/scripts/one-client.sh app.jar app.jar+MALLQUEST_OUTBOX_LINGER=50ms   # one build, two settings
set -euo pipefail
[[ $# -ge 2 ]] || { echo "usage: $0 a.jar b.jar [runs]" >&2; exit 2; }
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
JARS=("$1" "$2")
RUNS=${3:-6}
export MQ_KEY=${MQ_KEY:-bench-admin-key-not-secret-0001}
export MQ_SHOPPERS=${MQ_SHOPPERS:-1000}
LUA=$ROOT/bench/scripts/wrk/purchases.lua
PORTS=(18091 18092)
for tool in wrk psql curl redis-cli; do
  command -v $tool > /dev/null || { echo "needs $tool" >&2; exit 2; }
done

. "$ROOT/bench/scripts/targets.sh" # pg, mq_fresh_db, mq_kill_wait, mq_start_purchases, mq_seed_purchases, mq_redis_clean

pids=()
finish() {
  local p i
  for p in "${pids[@]}"; do
    mq_kill_wait "$p"
  done
  for i in 0 1; do
    pg -d postgres -c "DROP DATABASE IF EXISTS mq_one_client_$i" 2> /dev/null || true
    MQ_NS="mqone$i" mq_redis_clean
  done
}
trap finish EXIT

start() { # index
  local i=$1
  MQ_NS="mqone$i" mq_fresh_db "mq_one_client_$i"
  mq_start_purchases "${JARS[$i]}" "${PORTS[$i]}" "mq_one_client_$i" "mqone$i" "/tmp/mq-one-client-$i.log"
  pids+=("$MQ_SERVICE_PID")
  mq_seed_purchases "${PORTS[$i]}"
}

echo "machine: $(nproc) cores, $(uname -r); load average $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%FT%TZ)"
start 0
start 1
for i in 0 1; do
  MQ_RUN=warm$i wrk -t2 -c16 -d"${MQ_WARMUP:-60}s" -s "$LUA" "http://127.0.0.1:${PORTS[$i]}" > /dev/null
  pg -d "mq_one_client_$i" -c "VACUUM ANALYZE"
done
p50s=("" "")
for run in $(seq 1 "$RUNS"); do
  for i in 0 1; do
    result=$(MQ_RUN=r$run$i wrk -t1 -c1 -d10s -s "$LUA" "http://127.0.0.1:${PORTS[$i]}" | grep RESULT)
    echo "run=$run build=${JARS[$i]} ${result#RESULT }"
    p50s[$i]+="$(sed -n 's/.*p50_ms=\([0-9.]*\).*/\1/p' <<< "$result") "
  done
done
for i in 0 1; do
  echo "build=${JARS[$i]} median_p50_ms=$(tr ' ' '\n' <<< "${p50s[$i]}" | grep . | sort -n | awk '{a[NR]=$1} END {print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2)}')"
done
