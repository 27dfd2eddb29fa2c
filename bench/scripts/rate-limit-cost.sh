#!/usr/bin/env bash
# CPU per request of the per-key rate limit (ADR 0022, ADR 0024, ADR 0027): cached profile reads with
# wrk, one API key, rate limits per instance (local), cluster-wide through Redis with one Lua script
# per decision (shared, max-lease 1) and cluster-wide with leases of up to 64 tokens (leased, the
# default); rounds rotate the modes. Needs PostgreSQL on 127.0.0.1:5432, wrk,
# redis-server, curl, and mall/target/mallquest.jar. Starts its own redis-server (killed by pid) and
# database (dropped). Prints, per run: requests/s, service CPU ms per request, Redis CPU ms per request.
#   bench/scripts/rate-limit-cost.sh [rounds, default 3] [seconds per run, default 20]
set -euo pipefail
ROUNDS=${1:-3}
SECONDS_PER_RUN=${2:-20}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
export MQ_DB=mq_rl_cost_$$ MQ_NS=mqrl$$ MQ_PORT=${MQ_PORT:-18091}
. "$ROOT/bench/scripts/targets.sh"
REDIS_PORT=${REDIS_PORT:-16391}
TICK=$(getconf CLK_TCK)

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --daemonize no > /dev/null 2>&1 &
REDIS_PID=$!
cleanup() { mq_stop || true; kill "$REDIS_PID" 2> /dev/null || true; mq_db_drop || true; }
trap cleanup EXIT
mq_db_create

LUA=$(mktemp); cat > "$LUA" <<LUAEOF
wrk.headers["X-Api-Key"] = "$MQ_KEY"
LUAEOF

run() { # mode label
  local mode=$1 opts=(-Dmallquest.security.rate-limit.requests-per-minute=100000000)
  case $mode in
    local) opts+=(-Dmallquest.security.rate-limit.cluster-wide=false) ;;
    shared) opts+=(-Dmallquest.security.rate-limit.cluster-wide=true -Dmallquest.security.rate-limit.max-lease=1) ;;
    leased) opts+=(-Dmallquest.security.rate-limit.cluster-wide=true -Dmallquest.security.rate-limit.max-lease=64) ;;
  esac
  mq_start "redis=redis://127.0.0.1:$REDIS_PORT" "${opts[@]}"
  curl -fs -X POST -H "X-Api-Key: $MQ_KEY" -H 'Content-Type: application/json' \
    -d '{"id":"rl-1"}' "http://127.0.0.1:$MQ_PORT/api/v1/shoppers" > /dev/null || true
  local url="http://127.0.0.1:$MQ_PORT/api/v1/shoppers/rl-1" pid; pid=$(cat "$MQ_PIDFILE")
  wrk -t2 -c16 -d"${MQ_WARMUP:-10}s" -s "$LUA" "$url" > /dev/null   # warm-up (MQ_WARMUP s)
  local s0 r0 out s1 r1 n
  s0=$(cpu_ticks "$pid"); r0=$(cpu_ticks "$REDIS_PID")
  out=$(wrk -t2 -c16 -d"${SECONDS_PER_RUN}s" -s "$LUA" "$url")
  s1=$(cpu_ticks "$pid"); r1=$(cpu_ticks "$REDIS_PID")
  n=$(echo "$out" | awk '/requests in/ {print $1}')
  local non2xx; non2xx=$(echo "$out" | awk '/Non-2xx/ {print $4}')
  awk -v m="$mode" -v n="$n" -v s=$((s1 - s0)) -v r=$((r1 - r0)) -v t="$TICK" -v d="$SECONDS_PER_RUN" -v e="${non2xx:-0}" \
    'BEGIN { printf "RESULT mode=%s requests=%d req/s=%.0f service_cpu_ms_per_req=%.4f redis_cpu_ms_per_req=%.4f non2xx=%s\n", m, n, n / d, s * 1000 / t / n, r * 1000 / t / n, e }'
  mq_stop
}

for round in $(seq 1 "$ROUNDS"); do
  case $((round % 3)) in
    1) order="local shared leased" ;;
    2) order="shared leased local" ;;
    0) order="leased local shared" ;;
  esac
  for mode in $order; do run "$mode"; done
done
