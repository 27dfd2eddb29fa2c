#!/usr/bin/env bash
# The board refresh's statement (LeaderboardRepository.scoresOf) against the length of the shoppers'
# xp history (ADR 0031): before, sums over each shopper's rows per period; after, running totals
# (PostgreSQL's LATERAL form, as shipped, and the scalar-subquery form H2 runs). 20 shoppers of
# 1,000 per statement, as a relay batch asks; the three boards' starts bound as constants.
#   bench/scripts/board-scores.sh            # 30, 300 and 3,000 rows per shopper
#   MQ_ROWS="300" bench/scripts/board-scores.sh
# Needs the local PostgreSQL (127.0.0.1:5432, user postgres) and pgbench; creates and drops
# database mq_board_scores. Prints pgbench's average latency per statement, three 5 s runs each.
set -euo pipefail
DB=mq_board_scores
PSQL=(psql -h 127.0.0.1 -U postgres -q -v ON_ERROR_STOP=1)
WORK=$(mktemp -d)
trap '"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB" 2> /dev/null; rm -rf "$WORK"' EXIT

week=$("${PSQL[@]}" -d postgres -Atc "SELECT date_trunc('week', now())")
month=$("${PSQL[@]}" -d postgres -Atc "SELECT date_trunc('month', now())")
ids=$(printf "'s%d'," $(seq 1 20))
ids=${ids%,}
newest="FROM xp_ledger n WHERE n.shopper_id = sh.id ORDER BY n.created_at DESC, n.id DESC LIMIT 1"
before() {
  echo "COALESCE((SELECT b.xp_after FROM xp_ledger b WHERE b.shopper_id = sh.id AND b.created_at < '$1'" \
    "ORDER BY b.created_at DESC, b.id DESC LIMIT 1), 0)"
}
sum() {
  echo "SUM(delta) FILTER (WHERE created_at >= '$1'), MAX(created_at) FILTER (WHERE created_at >= '$1')"
}
cat > "$WORK/sums.sql" << SQL
SELECT shopper_id, COALESCE(MAX(id), 0), $(sum 1970-01-01Z), $(sum "$week"), $(sum "$month")
FROM xp_ledger WHERE shopper_id IN ($ids) GROUP BY shopper_id;
SQL
cat > "$WORK/lateral.sql" << SQL
SELECT sh.id, n.id, n.xp_after, n.created_at, $(before 1970-01-01Z), $(before "$week"), $(before "$month")
FROM shoppers sh LEFT JOIN LATERAL (SELECT n.id, n.xp_after, n.created_at $newest) n ON TRUE WHERE sh.id IN ($ids);
SQL
cat > "$WORK/subqueries.sql" << SQL
SELECT sh.id, (SELECT n.id $newest), (SELECT n.xp_after $newest), (SELECT n.created_at $newest),
  $(before 1970-01-01Z), $(before "$week"), $(before "$month") FROM shoppers sh WHERE sh.id IN ($ids);
SQL

run() {
  for i in 1 2 3; do
    latency=$(pgbench -h 127.0.0.1 -U postgres -n -M prepared -f "$WORK/$1.sql" -T 5 -c 1 "$DB" 2>&1 |
      awk '/latency average/ {print $4}')
    echo "rows_per_shopper=$2 statement=$1 run=$i latency_ms=$latency"
  done
}

for rows in ${MQ_ROWS:-30 300 3000}; do
  "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
  "${PSQL[@]}" -d "$DB" << SQL
CREATE TABLE shoppers (id VARCHAR(64) PRIMARY KEY);
INSERT INTO shoppers SELECT 's' || g FROM generate_series(0, 999) g;
CREATE TABLE xp_ledger (id BIGSERIAL PRIMARY KEY, shopper_id VARCHAR(64) NOT NULL, delta BIGINT NOT NULL,
  reason VARCHAR(32) NOT NULL, reference VARCHAR(128) NOT NULL, created_at TIMESTAMPTZ NOT NULL, xp_after BIGINT);
-- One row every 3 ms up to now: most in the current week and month, as in the write-path benchmark.
INSERT INTO xp_ledger (shopper_id, delta, reason, reference, created_at)
  SELECT 's' || (g % 1000), 10 + g % 7, 'PURCHASE', 'purchase:' || g, now() - ($rows * 1000 - g) * interval '3 ms'
  FROM generate_series(1, $rows * 1000) g;
UPDATE xp_ledger x SET xp_after = r.running
  FROM (SELECT id, SUM(delta) OVER (PARTITION BY shopper_id ORDER BY created_at, id) AS running FROM xp_ledger) r
  WHERE r.id = x.id;
-- The index before V12.
CREATE INDEX ix_xp_ledger_shopper_created ON xp_ledger (shopper_id, created_at, delta, id);
VACUUM ANALYZE xp_ledger;
VACUUM ANALYZE shoppers;
SQL
  run sums "$rows"
  # Each statement with its own schema's index only.
  "${PSQL[@]}" -d "$DB" -c "DROP INDEX ix_xp_ledger_shopper_created" \
    -c "CREATE INDEX ix_xp_ledger_shopper_running ON xp_ledger (shopper_id, created_at, id, xp_after)" \
    -c "VACUUM ANALYZE xp_ledger"
  run lateral "$rows"
  run subqueries "$rows"
done
