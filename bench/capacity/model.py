#!/usr/bin/env python3
"""Capacity model of MallQuest: from measured per-request costs to a deployment (docs/CAPACITY.md).

    python3 bench/capacity/model.py [inputs.properties] [key=value ...]

Reads the inputs (default: inputs.properties next to this script; later key=value arguments override
single inputs, e.g. `peak_purchases_per_s=8000`), and prints Markdown: the demand at peak, the
deployment it needs, and every resource ranked by demand / capacity ("what breaks first"). Python 3
standard library only. Every figure is derived from an input; the inputs file says which inputs were
measured and which are assumptions.
"""

import math
import os
import sys


def load(path, overrides):
    """Reads `key = value` lines (# comments, blank lines ignored); values are numbers."""
    values = {}
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            if "=" not in line:
                raise SystemExit(f"{path}:{number}: expected key = value, got {line!r}")
            key, value = (part.strip() for part in line.split("=", 1))
            values[key] = float(value.replace("_", ""))
    for override in overrides:
        key, value = override.split("=", 1)
        if key not in values:
            raise SystemExit(f"unknown input {key!r} (see {path})")
        values[key] = float(value)
    return values


def fmt(x, digits=0):
    if x >= 100 or digits == 0:
        return f"{x:,.0f}"
    return f"{x:,.{digits}f}"


def gib(b):
    return b / 2**30


def model(v):
    """Returns (deployment rows, resource rows); resource rows are (name, demand, capacity, unit, fix)."""
    target = v["target_cpu_utilization"]
    shoppers = v["shoppers"]

    # --- service instances: CPU per read by where it is served, per purchase (includes the relay thread)
    h_mem, h_db = v["read_memory_hit_ratio"], v["read_db_ratio"]
    h_redis = 1.0 - h_mem - h_db
    if h_redis < 0:
        raise SystemExit("read_memory_hit_ratio + read_db_ratio must be <= 1")
    read_us = h_mem * v["read_memory_service_us"] + h_redis * v["read_redis_service_us"] + h_db * v["read_db_service_us"]
    read_cores = v["peak_reads_per_s"] * read_us / 1e6
    write_cores = v["peak_purchases_per_s"] * v["purchase_service_us"] / 1e6
    service_cores = (read_cores + write_cores) / target
    per_instance = v["service_cores_per_instance"]
    instances = math.ceil(service_cores / per_instance) + int(v["service_spare_instances"])
    read_instances = math.ceil(read_cores / target / per_instance)
    write_instances = math.ceil(write_cores / target / per_instance)

    # --- PostgreSQL CPU: purchases (their transaction + the relay's claim/delete) and reads that miss
    pg_cpu_us_s = (v["peak_purchases_per_s"] * v["purchase_pg_us"]
                   + v["peak_reads_per_s"] * h_db * v["read_db_pg_us"])
    pg_cores = pg_cpu_us_s / 1e6 / target

    # --- PostgreSQL storage after the retention period
    purchases_kept = v["purchases_per_day"] * v["retention_days"]
    shopper_bytes = shoppers * v["pg_bytes_per_shopper"]
    purchase_bytes = purchases_kept * v["pg_bytes_per_purchase"]
    storage = (shopper_bytes + purchase_bytes) * v["pg_storage_overhead_factor"]

    # --- WAL and IOPS at the purchase peak
    wal_bytes_s = v["peak_purchases_per_s"] * v["wal_bytes_per_purchase"]
    wal_flushes = v["peak_purchases_per_s"] / v["purchases_per_wal_flush"]
    data_writes = v["peak_purchases_per_s"] * v["data_page_writes_per_purchase"]
    read_iops = v["peak_reads_per_s"] * h_db * v["db_read_page_misses_per_read"]
    iops = wal_flushes + data_writes + read_iops

    # --- Redis memory: cached shoppers, leaderboards (boards alive at once), stores
    cached = shoppers * v["cached_shopper_fraction"]
    shopper_mem = cached * v["redis_bytes_per_cached_shopper"]
    board_entries = shoppers * (v["board_fraction_all_time"]
                                + v["board_fraction_month"] * v["month_boards_alive"]
                                + v["board_fraction_week"] * v["week_boards_alive"])
    board_mem = board_entries * v["redis_bytes_per_board_entry"]
    store_mem = v["stores"] * v["redis_bytes_per_store"]
    redis_mem = (shopper_mem + board_mem + store_mem) * v["redis_fragmentation_factor"]
    all_cached_mem = (shoppers * v["redis_bytes_per_cached_shopper"] + board_mem + store_mem) * v["redis_fragmentation_factor"]
    shard_mem = v["redis_shard_memory_gib"] * 2**30

    # --- Redis CPU (one main thread per shard): reads that reach Redis, purchases, and the stream fan-out:
    # every instance reads every invalidation entry, so that part grows with the number of instances.
    stream_entries_s = v["peak_purchases_per_s"] * v["stream_entries_per_purchase"]
    fanout_us_s = stream_entries_s * (instances - 1) * v["redis_xread_us_per_entry"]
    redis_us_s = (v["peak_reads_per_s"] * (h_redis + h_db) * v["read_redis_redis_us"]
                  + v["peak_purchases_per_s"] * v["purchase_redis_us"] + fanout_us_s)
    shard_cpu = 1e6 * target
    shards = max(math.ceil(redis_mem / shard_mem), math.ceil(redis_us_s / shard_cpu))
    # Keys that cannot be split across shards: a cache's stream and counter (one per cache), and each
    # leaderboard (one sorted set + hash per period). Their share of a purchase's Redis CPU is measured.
    hot_us_s = (v["peak_purchases_per_s"] * v["purchase_redis_us"] * v["purchase_redis_unshardable_fraction"]
                + fanout_us_s)
    stream_seconds = v["stream_max_length"] / stream_entries_s

    # --- outbox relay: changes per purchase, drained per relay (one per instance, sharing by SKIP LOCKED)
    changes_s = v["peak_purchases_per_s"] * v["changes_per_purchase"]
    relays_needed = math.ceil(changes_s / v["relay_changes_per_s"])
    relays_useful = min(instances, int(v["relay_max_useful"]))

    connections = instances * v["db_pool_per_instance"]

    deployment = [
        ("Service CPU at peak (reads + purchases)", f"{fmt(read_cores, 1)} + {fmt(write_cores, 1)} cores busy; "
         f"{fmt(service_cores, 1)} cores at {target:.0%} target"),
        ("Service instances", f"{instances} x {per_instance:.0f} cores (incl. {int(v['service_spare_instances'])} spare); "
         f"reads alone {read_instances}, purchases alone {write_instances}"),
        ("CPU per read (mix)", f"{fmt(read_us)} µs = {h_mem:.0%} memory x {fmt(v['read_memory_service_us'])} + "
         f"{h_redis:.0%} Redis x {fmt(v['read_redis_service_us'])} + {h_db:.0%} database x {fmt(v['read_db_service_us'])}"),
        ("PostgreSQL CPU", f"{fmt(pg_cores, 1)} cores at {target:.0%} target "
         f"({fmt(pg_cpu_us_s / 1e6, 1)} busy; purchases {fmt(v['peak_purchases_per_s'] * v['purchase_pg_us'] / 1e6, 1)})"),
        ("PostgreSQL storage after {:.0f} days".format(v["retention_days"]),
         f"{fmt(gib(storage))} GiB = shoppers {fmt(gib(shopper_bytes), 1)} GiB + {fmt(purchases_kept / 1e6)} M purchases "
         f"{fmt(gib(purchase_bytes))} GiB, x{v['pg_storage_overhead_factor']} (bloat, free space); WAL and backups not included"),
        ("WAL at peak", f"{fmt(wal_bytes_s / 2**20, 1)} MiB/s, {fmt(wal_bytes_s * 86400 / 2**30)} GiB/day if sustained"),
        ("IOPS at peak", f"{fmt(iops)} = WAL flushes {fmt(wal_flushes)} + data page writes {fmt(data_writes)} + "
         f"read misses {fmt(read_iops)}"),
        ("Redis memory", f"{fmt(gib(redis_mem), 1)} GiB = {fmt(cached / 1e6, 1)} M cached shoppers "
         f"{fmt(gib(shopper_mem), 1)} GiB + {fmt(board_entries / 1e6, 1)} M board entries {fmt(gib(board_mem), 1)} GiB, "
         f"x{v['redis_fragmentation_factor']}; every shopper cached: {fmt(gib(all_cached_mem), 1)} GiB"),
        ("Redis CPU", f"{fmt(redis_us_s / 1e6, 2)} cores busy (stream fan-out to {instances} instances: "
         f"{fmt(fanout_us_s / 1e6, 2)}); unsplittable keys {fmt(hot_us_s / 1e6, 2)}"),
        ("Redis shards", f"{shards} by max(memory {math.ceil(redis_mem / shard_mem)} of {v['redis_shard_memory_gib']:.0f} GiB, "
         f"CPU {math.ceil(redis_us_s / shard_cpu)} at {target:.0%}); a Redis Cluster of that many masters spreads the caches (16 stream groups, ADR 0021)"),
        ("Invalidation stream", f"{fmt(stream_entries_s)} entries/s; MAXLEN {fmt(v['stream_max_length'])} "
         f"holds {fmt(stream_seconds, 1)} s of history"),
        ("Outbox", f"{fmt(changes_s)} changes/s; {relays_needed} relays at {fmt(v['relay_changes_per_s'])} changes/s each "
         f"(measured here), {relays_useful} useful at most"),
        ("Database connections", f"{fmt(connections)} = {instances} x {v['db_pool_per_instance']:.0f}"),
    ]

    resources = [
        ("PostgreSQL CPU (one primary)", pg_cpu_us_s / 1e6, v["pg_max_cores"] * target, "cores",
         "batch or simplify the purchase transaction; partition shoppers across primaries (by shopper id)"),
        ("PostgreSQL IOPS", iops, v["pg_iops_capacity"], "IOPS",
         "larger group-commit batches (ADR 0023), a faster volume, fewer index writes per purchase"),
        ("PostgreSQL WAL bandwidth", wal_bytes_s / 2**20, v["pg_wal_mib_s_capacity"], "MiB/s",
         "fewer/narrower indexes, wal_compression, fewer full-page writes (longer checkpoints)"),
        ("PostgreSQL storage (1 volume)", gib(storage), v["pg_storage_capacity_gib"], "GiB",
         "partition purchases and ledgers by month, archive old partitions"),
        ("Database connections", connections, v["pg_max_connections"], "connections",
         "smaller pools, PgBouncer in transaction mode"),
        ("Redis CPU (one instance, today)", redis_us_s / 1e6, target, "cores",
         "a Redis Cluster (ADR 0021) of the shards above; leaderboards on their own Redis"),
        ("Redis unsplittable keys (streams, boards)", hot_us_s / 1e6, target, "cores",
         "leaderboards on their own Redis; per-shard invalidation streams; fewer stream readers"),
        ("Redis memory (one instance, today)", gib(redis_mem), v["redis_shard_memory_gib"], "GiB",
         "shorter Redis TTL, compact encoding, or shards"),
        ("Invalidation stream history", v["stream_history_needed_s"], stream_seconds, "s",
         "raise `mallquest.redis.stream-max-length` (e.g. 150,000)"),
        ("Outbox relays", changes_s, relays_useful * v["relay_changes_per_s"], "changes/s",
         "larger batches, partitioned outbox (claim by key range), faster relay round trips"),
    ]
    return deployment, resources


def render(v, path):
    deployment, resources = model(v)
    out = []
    out.append(f"Inputs: `{os.path.relpath(path)}`; peak {fmt(v['peak_purchases_per_s'])} purchases/s and "
               f"{fmt(v['peak_reads_per_s'])} profile reads/s, {fmt(v['shoppers'] / 1e6)} M shoppers, "
               f"{fmt(v['stores'])} stores, CPU target {v['target_cpu_utilization']:.0%}.")
    out.append("")
    out.append("| what | needs |")
    out.append("|---|---|")
    for name, text in deployment:
        out.append(f"| {name} | {text} |")
    out.append("")
    out.append("What breaks first (demand / capacity at peak, highest first; > 1 means it does not fit):")
    out.append("")
    out.append("| rank | resource | demand | capacity | ratio | what to do |")
    out.append("|---|---|---|---|---|---|")
    ranked = sorted(resources, key=lambda r: r[1] / r[2], reverse=True)
    for i, (name, demand, capacity, unit, fix) in enumerate(ranked, 1):
        ratio = demand / capacity
        mark = " **over**" if ratio > 1 else ""
        out.append(f"| {i} | {name} | {fmt(demand, 2)} {unit} | {fmt(capacity, 2)} {unit} | {ratio:.2f}{mark} | {fix} |")
    return "\n".join(out)


def main(argv):
    args = argv[1:]
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "inputs.properties")
    if args and "=" not in args[0]:
        path = args.pop(0)
    print(render(load(path, args), path))


if __name__ == "__main__":
    main(sys.argv)
