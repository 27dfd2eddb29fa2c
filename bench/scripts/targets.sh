#!/usr/bin/env bash
# Helpers for the HTTP targets in docs/BENCHMARKS.md: start/stop MallQuest on its own database, Redis
# namespace and port, and a Redis of our own. Source it, then call the functions (see BENCHMARKS.md).
#   . bench/scripts/targets.sh
#   mq_db_create; mq_start on 18080; mq_load --shoppers 100000 ...; mq_stop; mq_db_drop
set -euo pipefail

MQ_ROOT=${MQ_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
MQ_DB=${MQ_DB:-mq_bench}
MQ_KEY=${MQ_KEY:-bench-admin-key-not-secret-0001}
MQ_PORT=${MQ_PORT:-18080}
MQ_LOG=${MQ_LOG:-/tmp/mq-bench-service.log}
MQ_PIDFILE=${MQ_PIDFILE:-/tmp/mq-bench-service.pid}
MQ_NS=${MQ_NS:-mqbench}
MQ_JAR=${MQ_JAR:-$MQ_ROOT/mall/target/mallquest.jar}   # another build of the service, to compare two versions

# psql on the local PostgreSQL as postgres, stopping at the first error: pg -d DB -c SQL ...
pg() { psql -h 127.0.0.1 -U postgres -X -q -v ON_ERROR_STOP=1 "$@"; }

# A purchase benchmark's fresh start: database DB dropped and created, Redis namespace $MQ_NS emptied.
#   mq_fresh_db DB
mq_fresh_db() {
  pg -d postgres -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1"
  mq_redis_clean
}

mq_db_create() { createdb -h 127.0.0.1 -U postgres "$MQ_DB"; }
mq_db_drop() { dropdb -h 127.0.0.1 -U postgres --if-exists "$MQ_DB"; }

# mq_start <cache: on|off|redis=URL> [extra JVM options...]
#   on:  memory limit 10,000 + the shared Redis (namespace $MQ_NS, default mqbench)
#   off: memory limit 0 and no Redis: every profile read goes to the database
#   redis=URL: memory limit 10,000 + the Redis at URL
mq_start() {
  local mode=$1; shift
  local env=(SERVER_PORT="$MQ_PORT"
    SPRING_DATASOURCE_URL="jdbc:postgresql://127.0.0.1:5432/$MQ_DB" SPRING_DATASOURCE_USERNAME=postgres
    SPRING_DATASOURCE_HIKARI_MAXIMUM_POOL_SIZE=8 MALLQUEST_SECURITY_ADMIN_KEY="$MQ_KEY"
    MALLQUEST_REDIS_NAMESPACE="$MQ_NS" LOGGING_LEVEL_ROOT=WARN)
  case $mode in
    on) env+=(MALLQUEST_CACHE_SHOPPERS_MEMORY_LIMIT=10000 MALLQUEST_REDIS_URL=redis://127.0.0.1:6379) ;;
    off) env+=(MALLQUEST_CACHE_SHOPPERS_MEMORY_LIMIT=0) ;;
    memory) env+=(MALLQUEST_CACHE_SHOPPERS_MEMORY_LIMIT=10000) ;;
    redis=*) env+=(MALLQUEST_CACHE_SHOPPERS_MEMORY_LIMIT=10000 MALLQUEST_REDIS_URL="${mode#redis=}") ;;
    *) echo "mode: on|off|memory|redis=URL" >&2; return 2 ;;
  esac
  env "${env[@]}" java -Xmx1g "$@" -jar "$MQ_JAR" > "$MQ_LOG" 2>&1 &
  echo $! > "$MQ_PIDFILE"
  for _ in $(seq 1 240); do
    if curl -fs "http://127.0.0.1:$MQ_PORT/actuator/health" > /dev/null 2>&1; then return 0; fi
    sleep 1
  done
  echo "service did not start; see $MQ_LOG" >&2; return 1
}

# Stops the process PID (one this script started) and waits until it is gone; no PID, nothing.
mq_kill_wait() {
  [[ -n ${1:-} ]] || return 0
  kill "$1" 2> /dev/null || true
  while kill -0 "$1" 2> /dev/null; do sleep 0.5; done
}

mq_stop() {
  if [[ -f $MQ_PIDFILE ]]; then
    mq_kill_wait "$(cat "$MQ_PIDFILE")"
    rm -f "$MQ_PIDFILE"
  fi
}

mq_load() {
  MALLQUEST_API_KEY="$MQ_KEY" java -cp "$MQ_ROOT/bench/target/benchmarks.jar" com.mallquest.bench.load.LoadTool \
    --url "http://127.0.0.1:$MQ_PORT" "$@"
}

# The purchase benchmarks' mall, through the API as a user would: one store (bench-store) and
# MQ_SHOPPERS shoppers s0, s1, ... imported in one request.
#   mq_seed_purchases PORT
mq_seed_purchases() {
  local port=$1 status
  status=$(curl -s -o /dev/null -w '%{http_code}' -H "X-Api-Key: $MQ_KEY" -H 'Content-Type: application/json' \
    -X POST "http://127.0.0.1:$port/api/v1/stores" \
    -d '{"id":"bench-store","name":"Bench","category":"fashion","floor":"L1","coinMultiplier":1.5}')
  [[ $status == 201 ]] || { echo "store: HTTP $status" >&2; return 1; }
  printf '{"id":"s%d","displayName":"Shopper %d"}\n' $(for i in $(seq 0 $((${MQ_SHOPPERS:-1000} - 1))); do echo $i $i; done) \
    > "/tmp/mq-bench-shoppers-$port.ndjson"
  status=$(curl -s -o /dev/null -w '%{http_code}' -H "X-Api-Key: $MQ_KEY" -H 'Content-Type: application/x-ndjson' \
    -X POST "http://127.0.0.1:$port/api/v1/shoppers/import" --data-binary "@/tmp/mq-bench-shoppers-$port.ndjson")
  [[ $status == 200 ]] || { echo "import: HTTP $status" >&2; return 1; }
}

# A purchase benchmark's service (write-path.sh, one-client.sh): the build BUILD, a jar with
# optional environment settings of its own joined by '+' (app.jar+VAR=value+...), on PORT, database
# DB and Redis namespace NS, logging to LOG; MQ_JVM_OPTS are added to java's options. Sets
# MQ_SERVICE_PID and returns once the service is healthy (a service that does not become healthy is
# stopped).
#   mq_start_purchases BUILD PORT DB NS LOG
mq_start_purchases() {
  local jar=${1%%+*} port=$2 settings=()
  [[ $1 == *+* ]] && IFS=+ read -r -a settings <<< "${1#*+}"
  env SERVER_PORT="$port" SPRING_DATASOURCE_URL="jdbc:postgresql://127.0.0.1:5432/$3" \
    SPRING_DATASOURCE_USERNAME=postgres SPRING_DATASOURCE_HIKARI_MAXIMUM_POOL_SIZE=16 \
    MALLQUEST_SECURITY_ADMIN_KEY="$MQ_KEY" MALLQUEST_REDIS_URL=redis://127.0.0.1:6379 MALLQUEST_REDIS_NAMESPACE="$4" \
    MALLQUEST_SECURITY_RATE_LIMIT_REQUESTS_PER_MINUTE=1000000000 LOGGING_LEVEL_ROOT=WARN \
    "${settings[@]}" java -Xmx1g -XX:+UseParallelGC ${MQ_JVM_OPTS:-} -jar "$jar" > "$5" 2>&1 &
  MQ_SERVICE_PID=$!
  for _ in $(seq 1 240); do
    curl -fs "http://127.0.0.1:$port/actuator/health" > /dev/null 2>&1 && return 0
    sleep 0.5
  done
  kill "$MQ_SERVICE_PID" 2> /dev/null || true
  echo "service did not start: $5" >&2; return 1
}

# Deletes the $MQ_NS namespace from the shared Redis (with the service's database-identity suffix,
# ADR 0016, and without).
mq_redis_clean() {
  local pattern
  for pattern in "$MQ_NS:*" "$MQ_NS-*"; do
    redis-cli -h 127.0.0.1 -p 6379 --scan --pattern "$pattern" | xargs -r -n 500 redis-cli -h 127.0.0.1 -p 6379 unlink > /dev/null
  done
}
