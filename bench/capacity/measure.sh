#!/usr/bin/env bash
# Measures the inputs of bench/capacity/model.py on this machine (docs/CAPACITY.md explains each one).
#   bench/capacity/measure.sh [REPS] [SECONDS] > /tmp/capacity-raw.txt
# It starts its own PostgreSQL cluster (initdb in a temporary directory, run as the `postgres` user, port
# MQ_PG_PORT) and its own redis-server (port MQ_REDIS_PORT), so that the CPU of every PostgreSQL and Redis
# process, the WAL position and Redis's INFO count only this benchmark's work, even on a machine shared
# with other builds and tests; both are stopped and deleted at the end. The service is the packaged jar
# (MQ_JAR, default mall/target/mallquest.jar). CPU is read as utime+stime ticks from /proc/PID/stat
# (of the java process and of its `outbox-relay` and `smartcache-stream-*` threads, of the postmaster
# and its children including reaped ones, of redis-server) before and after each wrk run, divided by the
# requests wrk completed: robust to other load on the machine, unlike requests per second.
# Phases, each run REPS times:
#   read-memory  GET /shoppers/{id}, every shopper in the memory tier (memory-limit >= shoppers)
#   read-redis   GET /shoppers/{id}, memory-limit 1000 of MQ_SHOPPERS: mostly Redis hits
#   read-db      GET /shoppers/{id}, no Redis, memory-limit 1: every read from PostgreSQL
#   purchase     POST /purchases (bench/scripts/wrk/purchases.lua), Redis on, memory-limit 1000
#   drain        Redis frozen (SIGSTOP) during a purchase run, so the outbox fills; then SIGCONT and the
#                relay's drain is timed (published meter) and its CPU counted
# MQ_PHASES (default "reads purchases drain") selects phases; MQ_WARMUP the purchase warm-up in s.
# Output: one key=value line per measurement, plus sizes (Redis bytes per shopper, PostgreSQL bytes per
# row and table, WAL per purchase) and Redis commandstats deltas.
set -euo pipefail
REPS=${1:-3}
SECS=${2:-15}
PHASES=${MQ_PHASES:-reads purchases drain}   # any subset, e.g. "purchases drain"
WARMUP=${MQ_WARMUP:-20}                       # seconds of purchases before the purchase phase
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
JAR=${MQ_JAR:-$ROOT/mall/target/mallquest.jar}
export MQ_KEY=${MQ_KEY:-bench-admin-key-not-secret-0001}
export MQ_SHOPPERS=${MQ_SHOPPERS:-20000}
PORT=${MQ_PORT:-18190}
PGPORT=${MQ_PG_PORT:-55433}
RPORT=${MQ_REDIS_PORT:-56379}
DB=mq_capacity
NS=mqcap
WORK=$(mktemp -d /tmp/mqcap.XXXXXX)
chmod 755 "$WORK"
PGDATA=$WORK/pg
HZ=$(getconf CLK_TCK)
for tool in wrk psql curl redis-cli redis-server; do
  command -v $tool > /dev/null || { echo "needs $tool" >&2; exit 2; }
done
PGBIN=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | tail -1)")

pg() { psql -h 127.0.0.1 -p "$PGPORT" -U postgres -X -q -t -A -v ON_ERROR_STOP=1 "$@"; }
rc() { redis-cli -h 127.0.0.1 -p "$RPORT" "$@"; }
as_postgres() { if [[ $(id -u) == 0 ]]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }

service_pid=
redis_pid=
cleanup() {
  stop_service
  if [[ -n $redis_pid ]]; then kill -CONT "$redis_pid" 2> /dev/null || true; kill "$redis_pid" 2> /dev/null || true; fi
  if [[ -f $PGDATA/postmaster.pid ]]; then as_postgres "$PGBIN/pg_ctl -D $PGDATA -m fast stop" > /dev/null 2>&1 || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

stop_service() {
  if [[ -n $service_pid ]]; then
    kill "$service_pid" 2> /dev/null || true
    while kill -0 "$service_pid" 2> /dev/null; do sleep 0.5; done
    service_pid=
  fi
}

start_service() { # memory-limit, redis on|off
  local redis_env=()
  [[ $2 == on ]] && redis_env=(MALLQUEST_REDIS_URL=redis://127.0.0.1:$RPORT MALLQUEST_REDIS_NAMESPACE=$NS)
  env SERVER_PORT=$PORT SPRING_DATASOURCE_URL="jdbc:postgresql://127.0.0.1:$PGPORT/$DB" \
    SPRING_DATASOURCE_USERNAME=postgres SPRING_DATASOURCE_HIKARI_MAXIMUM_POOL_SIZE=16 \
    MALLQUEST_SECURITY_ADMIN_KEY="$MQ_KEY" "${redis_env[@]}" \
    MALLQUEST_CACHE_SHOPPERS_MEMORY_LIMIT="$1" \
    MALLQUEST_SECURITY_RATE_LIMIT_REQUESTS_PER_MINUTE=1000000000 LOGGING_LEVEL_ROOT=WARN \
    java -Xmx1g -XX:+UseParallelGC ${MQ_JVM_OPTS:-} -jar "$JAR" > "$WORK/service.log" 2>&1 &
  service_pid=$!
  for _ in $(seq 1 360); do
    curl -fs "http://127.0.0.1:$PORT/actuator/health" > /dev/null 2>&1 && return 0
    sleep 0.5
  done
  cat "$WORK/service.log" >&2
  echo "service did not start" >&2; exit 1
}

# utime+stime ticks of one process or thread (/proc/PID/stat, after the command name's closing paren)
ticks() { local t; t=$(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "$1" 2> /dev/null); echo "${t:-0}"; }
java_ticks() { ticks /proc/$service_pid/stat; }
thread_ticks() { # comm prefix: sum over the java process's threads whose name starts with it
  local sum=0 t
  for t in /proc/$service_pid/task/*; do
    if [[ $(cat "$t/comm" 2> /dev/null) == "$1"* ]]; then sum=$((sum + $(ticks "$t/stat"))); fi
  done
  echo $sum
}
pg_ticks() { # postmaster + live children + children already reaped (cutime+cstime)
  local pm sum c
  pm=$(head -1 "$PGDATA/postmaster.pid")
  sum=$(awk '{ sub(/^.*\) /, ""); print $12 + $13 + $14 + $15 }' /proc/$pm/stat)
  for c in $(ps -o pid= --ppid "$pm"); do sum=$((sum + $(ticks /proc/$c/stat))); done
  echo $sum
}
redis_ticks() { ticks /proc/$redis_pid/stat; }
published() { curl -s -H "X-Api-Key: $MQ_KEY" "http://127.0.0.1:$PORT/actuator/prometheus" | awk '/^mallquest_outbox_published_total/ {printf "%d\n", $2}'; }
cmdstats() { rc INFO commandstats | tr -d '\r' | awk -F'[:=,]' '/^cmdstat_/ {sub("cmdstat_", "", $1); print $1, $3, $5}' | sort; }

snapshot() { # prefix
  eval "${1}_java=$(java_ticks) ${1}_pg=$(pg_ticks) ${1}_redis=$(redis_ticks)"
  eval "${1}_relay=$(thread_ticks outbox-relay) ${1}_stream=$(thread_ticks smartcache-stre)"
  eval "${1}_jit=$(($(thread_ticks 'C1 Compiler') + $(thread_ticks 'C2 Compiler')))"
  eval "${1}_ns=$(date +%s%N)"
}
per() { awk -v a="$1" -v n="$2" -v hz="$HZ" 'BEGIN { if (n > 0) printf "%.1f", (a / hz) * 1e6 / n; else print "nan" }'; }

run_wrk() { # phase rep lua
  local out req
  cmdstats > "$WORK/cmd.before"
  local pub0
  pub0=$(published || echo 0)
  snapshot b
  out=$(MQ_RUN=$1$2$RANDOM wrk -t2 -c16 -d"${SECS}s" --latency -s "$3" "http://127.0.0.1:$PORT" | grep '^RESULT')
  snapshot a
  local pub1
  pub1=$(published || echo 0)
  cmdstats > "$WORK/cmd.after"
  req=$(sed -n 's/.*requests=\([0-9]*\).*/\1/p' <<< "$out")
  echo "phase=$1 rep=$2 ${out#RESULT } load=$(cut -d' ' -f1 /proc/loadavg)" \
    "java_us_per_req=$(per $((a_java - b_java)) "$req")" \
    "jit_us_per_req=$(per $((a_jit - b_jit)) "$req")" \
    "pg_us_per_req=$(per $((a_pg - b_pg)) "$req")" \
    "redis_us_per_req=$(per $((a_redis - b_redis)) "$req")" \
    "relay_us_per_req=$(per $((a_relay - b_relay)) "$req")" \
    "stream_us_per_req=$(per $((a_stream - b_stream)) "$req")" \
    "published=$((pub1 - pub0))"
  join "$WORK/cmd.before" "$WORK/cmd.after" 2> /dev/null | awk -v n="$req" -v p="$1" -v r="$2" \
    '$4 - $2 > 0 { printf "  cmd phase=%s rep=%d %s calls_per_req=%.3f usec_per_call=%.2f\n", p, r, $1, ($4 - $2) / n, ($5 - $3) / ($4 - $2) }'
}

warm_reads() { # every shopper read once, 4 curl processes of 500 URLs each in parallel
  seq 0 $((MQ_SHOPPERS - 1)) | sed "s|^|http://127.0.0.1:$PORT/api/v1/shoppers/s|" \
    | xargs -n 500 -P 4 curl -s -H "X-Api-Key: $MQ_KEY" > /dev/null
}

# --- infrastructure of our own
mkdir -p "$PGDATA"
[[ $(id -u) == 0 ]] && chown postgres "$PGDATA" "$WORK"
as_postgres "$PGBIN/initdb -D $PGDATA -U postgres -A trust" > /dev/null
as_postgres "$PGBIN/pg_ctl -D $PGDATA -o '-p $PGPORT -c listen_addresses=127.0.0.1 -k $WORK' -l $WORK/pg.log -w start" > /dev/null
redis-server --port "$RPORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize no > "$WORK/redis.log" 2>&1 &
redis_pid=$!
for _ in $(seq 1 50); do rc PING > /dev/null 2>&1 && break; sleep 0.1; done
pg -d postgres -c "CREATE DATABASE $DB"
echo "machine: $(nproc) cores, $(uname -r); load $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%FT%TZ)"
echo "versions: $("$PGBIN/postgres" --version); $(redis-server --version | cut -d' ' -f1-3); $(java -version 2>&1 | head -1)"
echo "postgres: shared_buffers=$(pg -d $DB -c 'show shared_buffers') synchronous_commit=$(pg -d $DB -c 'show synchronous_commit') wal_level=$(pg -d $DB -c 'show wal_level')"

# --- seed: one store, MQ_SHOPPERS shoppers through the import API; sizes before any purchase
start_service 1000 on
mem0=$(rc INFO memory | tr -d '\r' | awk -F: '/^used_memory:/ {print $2}')
curl -fs -o /dev/null -H "X-Api-Key: $MQ_KEY" -H 'Content-Type: application/json' -X POST "http://127.0.0.1:$PORT/api/v1/stores" \
  -d '{"id":"bench-store","name":"Bench","category":"fashion","floor":"L1","coinMultiplier":1.5}'
for i in $(seq 0 $((MQ_SHOPPERS - 1))); do printf '{"id":"s%d","displayName":"Shopper %d"}\n' "$i" "$i"; done > "$WORK/shoppers.ndjson"
curl -fs -o /dev/null -H "X-Api-Key: $MQ_KEY" -H 'Content-Type: application/x-ndjson' \
  -X POST "http://127.0.0.1:$PORT/api/v1/shoppers/import" --data-binary @"$WORK/shoppers.ndjson"
keys_after_import=$(rc DBSIZE)
warm_reads
mem1=$(rc INFO memory | tr -d '\r' | awk -F: '/^used_memory:/ {print $2}')
keys=$(rc --scan --pattern "$NS*:shoppers:*" | grep -v -e ':stream' -e ':seq' -e ':ver' | head -200000)
nkeys=$(wc -l <<< "$keys")
echo "redis: keys_after_import=$keys_after_import shopper_keys=$nkeys used_memory_before=$mem0 used_memory_after=$mem1" \
  "bytes_per_shopper_info=$(( (mem1 - mem0) / (nkeys > 0 ? nkeys : 1) ))"
shuf -n 200 <<< "$keys" | while read -r k; do rc MEMORY USAGE "$k"; done \
  | sort -n | awk '{v[NR]=$1; s+=$1} END {printf "redis: memory_usage_sampled=%d median=%d mean=%.0f min=%d max=%d\n", NR, v[int((NR+1)/2)], s/NR, v[1], v[NR]}'
rc GET "$(head -1 <<< "$keys")" | head -c 400; echo
rc --scan --pattern "$NS*" | grep -v ':shoppers:s' | head -20 | sed 's/^/  other key: /'
pg -d $DB -c "VACUUM ANALYZE"
pg -d $DB -c "SELECT 'pg: table=' || relname || ' rows=' || n_live_tup || ' total_bytes=' || pg_total_relation_size(relid) || ' bytes_per_row=' || CASE WHEN n_live_tup > 0 THEN pg_total_relation_size(relid) / n_live_tup ELSE 0 END FROM pg_stat_user_tables WHERE relname IN ('shoppers','stores') ORDER BY relname"
stop_service

# --- reads
if [[ $PHASES == *reads* ]]; then for rep in $(seq 1 "$REPS"); do
  start_service $((MQ_SHOPPERS * 2)) on
  warm_reads
  MQ_RUN=w wrk -t2 -c16 -d10s -s "$ROOT/bench/scripts/wrk/reads.lua" "http://127.0.0.1:$PORT" > /dev/null
  run_wrk read-memory "$rep" "$ROOT/bench/scripts/wrk/reads.lua"
  stop_service
  start_service 1000 on
  MQ_RUN=w wrk -t2 -c16 -d10s -s "$ROOT/bench/scripts/wrk/reads.lua" "http://127.0.0.1:$PORT" > /dev/null
  run_wrk read-redis "$rep" "$ROOT/bench/scripts/wrk/reads.lua"
  echo "  cache stats: $(curl -s -H "X-Api-Key: $MQ_KEY" "http://127.0.0.1:$PORT/api/v1/cache/stats" \
    | grep -o '"shoppers":{[^}]*}' | grep -o '"\(memoryHits\|redisHits\|sourceLoads\|requests\)":[0-9]*' | tr '\n' ' ')"
  stop_service
  start_service 1 off
  MQ_RUN=w wrk -t2 -c16 -d10s -s "$ROOT/bench/scripts/wrk/reads.lua" "http://127.0.0.1:$PORT" > /dev/null
  run_wrk read-db "$rep" "$ROOT/bench/scripts/wrk/reads.lua"
  stop_service
done; fi

# --- purchases (Redis on, memory-limit 1000), sizes and WAL
start_service 1000 on
MQ_RUN=w wrk -t2 -c16 -d"${WARMUP}s" -s "$ROOT/bench/scripts/wrk/purchases.lua" "http://127.0.0.1:$PORT" > /dev/null
for rep in $(seq 1 "$REPS"); do
  lsn0=$(pg -d $DB -c "SELECT pg_current_wal_lsn()")
  n0=$(pg -d $DB -c "SELECT COUNT(*) FROM purchases")
  run_wrk purchase "$rep" "$ROOT/bench/scripts/wrk/purchases.lua"
  lsn1=$(pg -d $DB -c "SELECT pg_current_wal_lsn()")
  n1=$(pg -d $DB -c "SELECT COUNT(*) FROM purchases")
  echo "wal: rep=$rep purchases=$((n1 - n0)) wal_bytes=$(pg -d $DB -c "SELECT pg_wal_lsn_diff('$lsn1', '$lsn0')::bigint")" \
    "wal_bytes_per_purchase=$(pg -d $DB -c "SELECT round(pg_wal_lsn_diff('$lsn1', '$lsn0') / GREATEST($n1 - $n0, 1))")"
done
sleep 2
echo "outbox: pending_after_runs=$(pg -d $DB -c 'SELECT COUNT(*) FROM change_outbox')"
rc XINFO STREAM "$(rc --scan --pattern "$NS*:shoppers*" | grep -m1 -i stream || true)" 2> /dev/null | head -4 | tr '\n' ' '; echo
rc INFO memory | tr -d '\r' | grep -E '^used_memory:|^used_memory_dataset:' | tr '\n' ' '; echo
for k in $(rc --scan --pattern "$NS*:lb:*"); do
  t=$(rc TYPE "$k")
  case $t in zset) n=$(rc ZCARD "$k") ;; hash) n=$(rc HLEN "$k") ;; *) n=1 ;; esac
  echo "leaderboard key: $k type=$t entries=$n bytes=$(rc MEMORY USAGE "$k")"
done
pg -d $DB -c "VACUUM ANALYZE"
pg -d $DB -c "SELECT 'pg: table=' || relname || ' rows=' || n_live_tup || ' total_bytes=' || pg_total_relation_size(relid) || ' bytes_per_row=' || CASE WHEN n_live_tup > 0 THEN pg_total_relation_size(relid) / n_live_tup ELSE 0 END FROM pg_stat_user_tables WHERE n_live_tup > 0 OR pg_total_relation_size(relid) > 65536 ORDER BY pg_total_relation_size(relid) DESC"
for t in shoppers purchases coin_ledger xp_ledger; do
  echo "pg: table=$t avg_tuple_data_bytes=$(pg -d $DB -c "SELECT round(avg(pg_column_size(t.*))) FROM $t t")" \
    "heap_bytes=$(pg -d $DB -c "SELECT pg_relation_size('$t')") index_bytes=$(pg -d $DB -c "SELECT pg_indexes_size('$t')")"
done
echo "pg: database_bytes=$(pg -d $DB -c "SELECT pg_database_size('$DB')") purchases=$(pg -d $DB -c 'SELECT COUNT(*) FROM purchases')"

# --- the relay's drain: Redis frozen while purchases commit, then let go
if [[ $PHASES == *drain* ]]; then for rep in $(seq 1 "$REPS"); do
  kill -STOP "$redis_pid"
  MQ_RUN=d$rep$RANDOM wrk -t2 -c16 -d"$((SECS * 2))s" -s "$ROOT/bench/scripts/wrk/purchases.lua" "http://127.0.0.1:$PORT" | grep '^RESULT' | sed 's/^/  backlog run: /'
  backlog=$(pg -d $DB -c 'SELECT COUNT(*) FROM change_outbox')
  pub0=$(published)
  snapshot b
  kill -CONT "$redis_pid"
  first=
  while :; do
    p=$(pg -d $DB -c 'SELECT COUNT(*) FROM change_outbox')
    now=$(date +%s%N)
    if [[ -z $first ]]; then pf=$(published); [[ $pf -gt $pub0 ]] && first=$now; fi
    [[ $p == 0 ]] && break
    (( (now - b_ns) / 1000000000 > 300 )) && { echo "drain: timeout, $p pending" >&2; break; }
    sleep 0.2
  done
  snapshot a
  pub1=$(published)
  n=$((pub1 - pub0))
  first=${first:-$a_ns}
  echo "drain: rep=$rep backlog=$backlog published=$n seconds_total=$(awk -v x=$((a_ns - b_ns)) 'BEGIN{printf "%.2f", x/1e9}')" \
    "seconds_from_first_publish=$(awk -v x=$((a_ns - first)) 'BEGIN{printf "%.2f", x/1e9}')" \
    "changes_per_s_after_first_batch=$(awk -v n=$((pub1 - ${pf:-$pub1})) -v x=$((a_ns - first)) 'BEGIN{ if (x > 0) printf "%.0f", n/(x/1e9); else print "nan"}')" \
    "relay_us_per_change=$(per $((a_relay - b_relay)) $n) java_us_per_change=$(per $((a_java - b_java)) $n)" \
    "pg_us_per_change=$(per $((a_pg - b_pg)) $n) redis_us_per_change=$(per $((a_redis - b_redis)) $n)"
done; fi
stop_service
echo "done: $(date -u +%FT%TZ) load $(cut -d' ' -f1-3 /proc/loadavg)"
