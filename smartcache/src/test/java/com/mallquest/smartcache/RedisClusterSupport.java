package com.mallquest.smartcache;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A plain cluster connection, to look at and clean what the caches wrote on a Redis Cluster. */
final class RedisClusterSupport implements AutoCloseable {

  private final RedisClusterClient client;
  private final StatefulRedisClusterConnection<String, String> connection;

  /** Connects to the cluster whose seeds {@code url} lists (comma-separated). */
  RedisClusterSupport(String url) {
    List<RedisURI> seeds = new ArrayList<>();
    for (String part : url.split(",")) {
      RedisURI uri = RedisURI.create(part.trim());
      uri.setTimeout(Duration.ofSeconds(5));
      seeds.add(uri);
    }
    client = RedisClusterClient.create(seeds);
    connection = client.connect();
  }

  /** The cluster's commands (multi-key commands are split per slot, SCAN visits every master). */
  RedisAdvancedClusterCommands<String, String> sync() {
    return connection.sync();
  }

  /** The node id of the master that serves {@code slot}, as the client sees the topology. */
  String masterOf(int slot) {
    return connection.getPartitions().getPartitionBySlot(slot).getNodeId();
  }

  /** Every key matching {@code pattern}, on every master. */
  List<String> keys(String pattern) {
    List<String> keys = new ArrayList<>();
    ScanCursor cursor = ScanCursor.INITIAL;
    do {
      KeyScanCursor<String> page =
          sync().scan(cursor, ScanArgs.Builder.matches(pattern).limit(1000));
      keys.addAll(page.getKeys());
      cursor = page;
    } while (!cursor.isFinished());
    return keys;
  }

  /** Deletes every key of {@code namespace} (and of the namespaces the service derives from it). */
  static void deleteNamespace(String url, String namespace) {
    try (RedisClusterSupport redis = new RedisClusterSupport(url)) {
      for (String pattern : new String[] {namespace + ":*", namespace + "-*:*"}) {
        List<String> keys = redis.keys(pattern);
        if (!keys.isEmpty()) {
          redis.sync().unlink(keys.toArray(new String[0]));
        }
      }
    }
  }

  @Override
  public void close() {
    connection.close();
    client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
  }
}
