#!/usr/bin/env bash
# The write-path comparison of docs/BENCHMARKS.md ("Write path"), in one go: for each build given
# (default: this checkout's mall/target/mallquest.jar), on PostgreSQL (a database of its own) and the
# local Redis (a namespace of its own), it seeds 1,000 shoppers and one store, then alternates rounds of
#   - pgbench -N (8 clients, the floor: what the database does with simple write transactions),
#   - wrk: 2 threads, 16 connections, purchases for random shoppers (bench/scripts/wrk/purchases.lua),
#   - wrk: 1 thread, 1 connection (one client alone: its p50),
# and prints one line per measurement, with the CPU time the service, PostgreSQL and Redis spent per
# purchase. Each service is warmed up first (MQ_WARMUP seconds of purchases, default 120: on 2 cores the
# JIT compiles for about two minutes, and a shorter warm-up measures the compiler), then the database is
# analysed (VACUUM ANALYZE, what autovacuum would have done by then; the CI machine's PostgreSQL runs
# without autovacuum, and plans cached while the tables were empty would otherwise scan whole tables).
# After the runs it checks every shopper: coins = ledger (the reconciliation endpoint) and no outbox
# change left pending.
# With MQ_COMPANIONS=1 every shopper buys a companion before the warm-up (a species priced 1 coin, paid
# with coins from 15 s of purchases), so every measured purchase also feeds an active companion.
#   bench/scripts/write-path.sh [ROUNDS] [SECONDS]              # this build
#   MQ_JARS="old.jar new.jar" bench/scripts/write-path.sh 3 20  # two builds, alternated in each round
# A build may carry environment settings of its own, joined to the jar by '+', e.g.
#   MQ_JARS="app.jar app.jar+MALLQUEST_GROUP_COMMIT_WRITERS=2"  # one build, two settings, alternated
# With MQ_JFR=DIR each build's 16-connection run is recorded by Flight Recorder (settings=profile) into
# DIR/<jar name>-r<round>.jfr; bench/scripts/jfr-top.sh summarises a recording. The JVM then records
# from its start (the last 10 s kept): a recording first started mid-run instruments JDK classes and
# throws away compiled code, and on 2 cores the service ran at a fifth of its speed for minutes.
# After the single-connection run it prints where that client's median went inside the service,
# from the meters (a build without the group-commit meters prints n/a): the request as the server
# timed it, the purchase's wait for its group-commit writer, and the writer's transaction (each the
# median of about the last 20 s: the meters' window is shortened to that).
set -euo pipefail
ROUNDS=${1:-3}
SECONDS_PER_RUN=${2:-20}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
MQ_JARS=${MQ_JARS:-$ROOT/mall/target/mallquest.jar}
export MQ_KEY=${MQ_KEY:-bench-admin-key-not-secret-0001}
export MQ_SHOPPERS=${MQ_SHOPPERS:-1000}
PORT=${MQ_PORT:-18090}
DB=mq_write_bench
NS=mqwrite
MQ_NS=$NS
. "$ROOT/bench/scripts/targets.sh" # pg, mq_fresh_db, mq_kill_wait; mq_redis_clean: the namespace's keys, ADR 0016's suffix too
LUA=$ROOT/bench/scripts/wrk/purchases.lua
for tool in wrk pgbench psql curl redis-cli; do
  command -v $tool > /dev/null || { echo "needs $tool (apt-get install wrk postgresql-client redis-tools)" >&2; exit 2; }
done

service_pid=
stop_service() {
  mq_kill_wait "$service_pid"
  service_pid=
}
trap stop_service EXIT

# The medians the single-connection line reports: the server's own timing of POST /purchases, and
# the group-commit meters, over a window of about 20 s.
METER_OPTS="-Dmanagement.metrics.distribution.percentiles.http.server.requests=0.5
  -Dmanagement.metrics.distribution.expiry.all=20s"

start_service() { # jar[+VAR=value...]
  MQ_JVM_OPTS="${MQ_JFR:+-XX:StartFlightRecording=settings=profile,maxage=10s,name=startup} $METER_OPTS ${MQ_JVM_OPTS:-}" \
    mq_start_purchases "$1" "$PORT" "$DB" "$NS" /tmp/mq-write-bench.log || exit 1
  service_pid=$MQ_SERVICE_PID
}

pgbench_floor() {
  pgbench -h 127.0.0.1 -U postgres -i -q -s 10 "$DB" > /dev/null 2>&1
  pgbench -h 127.0.0.1 -U postgres -N -c 8 -j 2 -T "$SECONDS_PER_RUN" "$DB" 2> /dev/null \
    | awk '/^tps/ {printf "pgbench_tps=%.0f\n", $3}' | head -1
}

# The single-connection run's medians inside the service, in ms, from the Prometheus scrape.
inside() {
  curl -s -H "X-Api-Key: $MQ_KEY" "http://127.0.0.1:$PORT/actuator/prometheus" | awk '
    function ms(v) { return v == "" ? "n/a" : sprintf("%.2f", v * 1000) }
    /^http_server_requests_seconds\{/ && /method="POST"/ && /quantile="0.5"/ && /uri="\/api\/v1\/purchases"/ && /status="201"/ { server = $NF }
    /^mallquest_group_commit_wait_seconds\{/ && /quantile="0.5"/ { wait = $NF }
    /^mallquest_group_commit_batch_seconds\{/ && /outcome="committed"/ && /quantile="0.5"/ { batch = $NF }
    END { printf "server p50_ms=%s, writer wait p50_ms=%s, writer transaction p50_ms=%s\n", ms(server), ms(wait), ms(batch) }'
}

check() {
  local report
  report=$(curl -s -H "X-Api-Key: $MQ_KEY" "http://127.0.0.1:$PORT/api/v1/operations/reconciliation")
  local pending
  pending=$(pg -d $DB -t -A -c "SELECT COUNT(*) FROM change_outbox" 2> /dev/null || echo "n/a")
  echo "check: $(echo "$report" | grep -o '"shoppersChecked":[0-9]*,"mismatchCount":[0-9]*') outbox_pending=$pending"
}

companions() { # one active companion per shopper, bought with the coins the warm-up earned
  local status i bought=0
  status=$(curl -s -o /dev/null -w '%{http_code}' -H "X-Api-Key: $MQ_KEY" -H 'Content-Type: application/json' \
    -X POST "http://127.0.0.1:$PORT/api/v1/companions/species" \
    -d '{"id":"bench-fox","name":{"en":"Fox"},"rarity":"common","priceCoins":1,"stages":[{"name":{"en":"Kit"},"xpRequired":0},{"name":{"en":"Fox"},"xpRequired":1000000000}]}')
  [[ $status == 201 ]] || { echo "species: HTTP $status" >&2; exit 1; }
  for i in $(seq 0 $((MQ_SHOPPERS - 1))); do
    status=$(curl -s -o /dev/null -w '%{http_code}' -H "X-Api-Key: $MQ_KEY" -H 'Content-Type: application/json' \
      -H "Idempotency-Key: bench-fox-s$i" -X POST "http://127.0.0.1:$PORT/api/v1/shoppers/s$i/companions" \
      -d '{"speciesId":"bench-fox"}')
    [[ $status == 201 ]] && bought=$((bought + 1))
  done
  echo "companions: $bought of $MQ_SHOPPERS shoppers" >&2
}

# CPU time (user + system, clock ticks) of the service and of every PostgreSQL process: CPU per
# purchase depends far less on what else the machine runs than purchases per second do.
cpu_ticks() {
  local pg=0 t p
  # Every PostgreSQL process is named postgres (its command line says which one): each counted once.
  for p in $(pgrep -x postgres); do
    t=$(awk '{print $14 + $15}' "/proc/$p/stat" 2> /dev/null || echo 0)
    pg=$((pg + t))
  done
  echo "$(awk '{print $14 + $15}' "/proc/$service_pid/stat") $pg $(awk '{print $14 + $15}' "/proc/$(pgrep -x redis-server | head -1)/stat")"
}

cpu_per_request() { # before after wrk-result
  local requests
  requests=$(sed -n 's/.*requests=\([0-9]*\).*/\1/p' <<< "$3")
  awk -v b="$1" -v a="$2" -v n="$requests" -v hz="$(getconf CLK_TCK)" 'BEGIN {
    split(b, x, " "); split(a, y, " ");
    printf "cpu ms per purchase: service %.2f, postgresql %.2f, redis %.2f\n", (y[1] - x[1]) * 1000 / hz / n, (y[2] - x[2]) * 1000 / hz / n, (y[3] - x[3]) * 1000 / hz / n }'
}

echo "machine: $(nproc) cores, $(uname -r); load average $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%FT%TZ)"
for round in $(seq 1 "$ROUNDS"); do
  for jar in $MQ_JARS; do
    name=$jar
    mq_fresh_db "$DB"
    start_service "$jar"
    mq_seed_purchases "$PORT"
    # Warm-up: JIT and pools, not measured; then the statistics autovacuum would have gathered.
    if [[ ${MQ_COMPANIONS:-0} == 1 ]]; then
      # Coins first (15 s of purchases reach every one of 1,000 shoppers), then the companions, then
      # the warm-up: the JIT compiles the feeding path before the measurement, not during it.
      MQ_RUN=c$round$RANDOM wrk -t2 -c16 -d15s -s "$LUA" "http://127.0.0.1:$PORT" > /dev/null
      companions
    fi
    MQ_RUN=w$round$RANDOM wrk -t2 -c16 -d"${MQ_WARMUP:-120}s" -s "$LUA" "http://127.0.0.1:$PORT" > /dev/null
    pg -d $DB -c "VACUUM ANALYZE" > /dev/null
    floor=$(pgbench_floor)
    if [[ -n ${MQ_JFR:-} ]]; then
      mkdir -p "$MQ_JFR"
      jcmd "$service_pid" JFR.start name=wp settings=profile \
        filename="$MQ_JFR/$(basename "${jar%%+*}" .jar)$(tr -c 'A-Za-z0-9_=\n-' _ <<< "${jar#"${jar%%+*}"}")-r$round.jfr" > /dev/null
    fi
    cpu_before=$(cpu_ticks)
    many=$(MQ_RUN=m$round$RANDOM wrk -t2 -c16 -d"${SECONDS_PER_RUN}s" --latency -s "$LUA" "http://127.0.0.1:$PORT" | grep '^RESULT')
    cpu_after=$(cpu_ticks)
    [[ -z ${MQ_JFR:-} ]] || jcmd "$service_pid" JFR.stop name=wp > /dev/null
    one=$(MQ_RUN=o$round$RANDOM wrk -t1 -c1 -d"${SECONDS_PER_RUN}s" --latency -s "$LUA" "http://127.0.0.1:$PORT" | grep '^RESULT')
    sleep 1
    echo "round=$round build=$name $floor"
    echo "  16 connections: ${many#RESULT }"
    echo "  $(cpu_per_request "$cpu_before" "$cpu_after" "$many")"
    echo "  1 connection:   ${one#RESULT }"
    echo "  1 connection, inside the service: $(inside)"
    echo "  $(check)"
    stop_service
  done
done
pg -d postgres -c "DROP DATABASE IF EXISTS $DB"
mq_redis_clean
