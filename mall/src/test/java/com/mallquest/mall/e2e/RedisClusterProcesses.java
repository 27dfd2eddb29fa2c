package com.mallquest.mall.e2e;

import static org.awaitility.Awaitility.await;

import com.mallquest.smartcache.RedisServerProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Redis Cluster of the test's own: six {@code redis-server} processes on free loopback ports
 * ({@code --cluster-enabled yes}, each in its own temp dir, {@code --save "" --appendonly no}), made
 * into three masters with one replica each by {@code redis-cli --cluster create}. Only these
 * processes are ever killed.
 */
final class RedisClusterProcesses implements AutoCloseable {

  /** How long a master may be silent before its replica takes over (fast, for the test). */
  private static final int NODE_TIMEOUT_MILLIS = 1000;

  private final Map<Integer, Process> nodes = new LinkedHashMap<>();
  private final List<Path> dirs = new ArrayList<>();

  private RedisClusterProcesses() {}

  /** Whether {@code redis-cli} is on the PATH too (redis-server: {@link RedisServerProcess#installed()}). */
  static boolean cliInstalled() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (new java.io.File(dir, "redis-cli").canExecute()) {
        return true;
      }
    }
    return false;
  }

  /** Starts six nodes, creates the cluster and waits until every node says {@code cluster_state:ok}. */
  static RedisClusterProcesses start() throws IOException, InterruptedException {
    RedisClusterProcesses cluster = new RedisClusterProcesses();
    try {
      for (int i = 0; i < 6; i++) {
        cluster.startNode(RedisServerProcess.freePort());
      }
      for (int port : cluster.nodes.keySet()) {
        await("redis node " + port).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
            .until(() -> "PONG".equals(cli(port, "PING").trim()));
      }
      List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
      cluster.nodes.keySet().forEach(p -> create.add("127.0.0.1:" + p));
      create.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
      String out = run(create, 60);
      if (!out.contains("[OK] All 16384 slots covered")) {
        throw new IllegalStateException("redis-cli --cluster create failed:\n" + out);
      }
      cluster.awaitOk(Duration.ofSeconds(30));
      return cluster;
    } catch (IOException | InterruptedException | RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  private void startNode(int port) throws IOException {
    Path dir = Files.createTempDirectory("mallquest-redis-cluster-" + port);
    dirs.add(dir);
    Process p = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
        "--cluster-enabled", "yes", "--cluster-config-file", dir.resolve("nodes.conf").toString(),
        "--cluster-node-timeout", Integer.toString(NODE_TIMEOUT_MILLIS), "--dir", dir.toString(),
        "--save", "", "--appendonly", "no", "--daemonize", "no")
        .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
    nodes.put(port, p);
  }

  /** {@code redis://127.0.0.1:P1,redis://127.0.0.1:P2,redis://127.0.0.1:P3}: three seed nodes. */
  String seedUrls() {
    return nodes.keySet().stream().limit(3).map(p -> "redis://127.0.0.1:" + p)
        .reduce((a, b) -> a + "," + b).orElseThrow();
  }

  /** The ports of the nodes that are masters now (of the live ones). */
  List<Integer> masters() throws IOException, InterruptedException {
    List<Integer> masters = new ArrayList<>();
    for (Map.Entry<Integer, Process> node : nodes.entrySet()) {
      if (node.getValue().isAlive() && cli(node.getKey(), "ROLE").startsWith("master")) {
        masters.add(node.getKey());
      }
    }
    return masters;
  }

  /** SIGKILL to one node. */
  void kill(int port) throws InterruptedException {
    Process p = nodes.get(port);
    p.destroyForcibly();
    p.waitFor(10, TimeUnit.SECONDS);
  }

  /** Waits until every live node says {@code cluster_state:ok} and three live masters hold the slots. */
  void awaitOk(Duration atMost) {
    await("cluster_state:ok on every live node").atMost(atMost).pollInterval(Duration.ofMillis(100)).until(() -> {
      for (Map.Entry<Integer, Process> node : nodes.entrySet()) {
        if (node.getValue().isAlive() && !cli(node.getKey(), "CLUSTER", "INFO").contains("cluster_state:ok")) {
          return false;
        }
      }
      return masters().size() == 3;
    });
  }

  private static String cli(int port, String... command) throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port)));
    args.addAll(List.of(command));
    return run(args, 10);
  }

  private static String run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("timed out: " + command);
    }
    return new String(out, StandardCharsets.UTF_8);
  }

  /** Kills every node (SIGKILL: nothing is saved anyway) and deletes their dirs. */
  @Override
  public void close() throws InterruptedException {
    for (Process p : nodes.values()) {
      p.destroyForcibly();
    }
    for (Process p : nodes.values()) {
      p.waitFor(10, TimeUnit.SECONDS);
    }
    for (Path dir : dirs) {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      } catch (IOException e) {
        // a temp dir left behind
      }
    }
  }
}
