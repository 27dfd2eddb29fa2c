package com.mallquest.smartcache;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/**
 * A Redis Cluster of the test's own: six {@code redis-server --cluster-enabled yes} processes on
 * free loopback ports (three masters, three replicas), each with its own directory and nodes file
 * under a temporary directory, no persistence, joined by {@code redis-cli --cluster create ...
 * --cluster-replicas 1}. {@link #close()} kills only these processes. {@code cluster-node-timeout}
 * is one second, so a killed master's replica is promoted within a few seconds.
 */
public final class RedisClusterProcess implements AutoCloseable {

  /** How long a node may be unreachable before the cluster fails it over. */
  public static final int NODE_TIMEOUT_MILLIS = 1000;

  private static RedisClusterProcess shared;

  private final Path dir;
  private final Map<Integer, Process> processes = new LinkedHashMap<>();

  private RedisClusterProcess(Path dir) {
    this.dir = dir;
  }

  /** Whether {@code redis-server} and {@code redis-cli} can be started here. */
  public static boolean installed() {
    return onPath("redis-server") && onPath("redis-cli");
  }

  private static boolean onPath(String program) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (new File(d, program).canExecute()) {
        return true;
      }
    }
    return false;
  }

  /** Skips the calling test (fails it under CI) unless a cluster can be started. */
  public static void require() {
    RedisTestSupport.require(
        installed(), "redis-server or redis-cli is not on the PATH (needed for a Redis Cluster)");
  }

  /**
   * One cluster for the tests of this JVM that do not kill nodes, started on first use and killed
   * when the JVM exits.
   */
  public static synchronized RedisClusterProcess shared() {
    require();
    if (shared == null) {
      shared = start();
      RedisClusterProcess cluster = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "redis-cluster-stop"));
    }
    return shared;
  }

  /**
   * Starts six nodes, creates the cluster and waits until every node reports {@code
   * cluster_state:ok}.
   */
  public static RedisClusterProcess start() {
    require();
    RedisClusterProcess cluster;
    try {
      cluster = new RedisClusterProcess(Files.createTempDirectory("redis-cluster-"));
    } catch (IOException e) {
      throw new IllegalStateException("no temporary directory", e);
    }
    try {
      for (int i = 0; i < 6; i++) {
        cluster.startNode(RedisServerProcess.freePort());
      }
      cluster.create();
      return cluster;
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  private void startNode(int port) {
    Path nodeDir = dir.resolve(Integer.toString(port));
    try {
      Files.createDirectories(nodeDir);
      Process p =
          new ProcessBuilder(
                  List.of(
                      "redis-server",
                      "--port",
                      Integer.toString(port),
                      "--bind",
                      "127.0.0.1",
                      "--cluster-enabled",
                      "yes",
                      "--cluster-config-file",
                      nodeDir.resolve("nodes.conf").toString(),
                      "--cluster-node-timeout",
                      Integer.toString(NODE_TIMEOUT_MILLIS),
                      "--dir",
                      nodeDir.toString(),
                      "--save",
                      "",
                      "--appendonly",
                      "no",
                      "--daemonize",
                      "no",
                      "--repl-diskless-sync-delay",
                      "0"))
              .redirectErrorStream(true)
              .redirectOutput(nodeDir.resolve("redis.log").toFile())
              .start();
      processes.put(port, p);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start redis-server", e);
    }
    Awaitility.await("redis-server on port " + port)
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> RedisTestSupport.reachable(nodeUrl(port)));
  }

  private void create() {
    List<String> command = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
    processes.keySet().forEach(port -> command.add("127.0.0.1:" + port));
    command.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
    try {
      Process p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("create.log").toFile())
              .start();
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IllegalStateException(
            "redis-cli --cluster create failed: " + Files.readString(dir.resolve("create.log")));
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run redis-cli", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    awaitHealthy();
  }

  /**
   * Waits until every running node reports {@code cluster_state:ok} and sees three masters that are
   * up, and every replica has finished its sync (a replica that never synced cannot take over).
   */
  public void awaitHealthy() {
    Awaitility.await("Redis Cluster state ok")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () ->
                processes.keySet().stream()
                    .allMatch(
                        port -> {
                          String info = command(port, c -> c.sync().clusterInfo());
                          String nodes = command(port, c -> c.sync().clusterNodes());
                          String replication = command(port, c -> c.sync().info("replication"));
                          return info != null
                              && info.contains("cluster_state:ok")
                              && nodes != null
                              && nodes
                                      .lines()
                                      .filter(l -> l.contains("master") && !l.contains("fail"))
                                      .count()
                                  == 3
                              && replication != null
                              && (replication.contains("role:master")
                                  || replication.contains("master_link_status:up"));
                        }));
  }

  /**
   * The seed URLs, separated by commas: the form {@code mallquest.redis.url} takes with cluster
   * mode on.
   */
  public String url() {
    return processes.keySet().stream()
        .map(RedisClusterProcess::nodeUrl)
        .collect(Collectors.joining(","));
  }

  /** The ports of the running nodes. */
  public List<Integer> ports() {
    return List.copyOf(processes.keySet());
  }

  /**
   * Kills (SIGKILL) the master that serves {@code key}'s slot now, and returns its port. Its
   * replica takes over after {@link #NODE_TIMEOUT_MILLIS} and an election ({@link #awaitPromoted}).
   */
  public int killMasterOf(String key) {
    int port = masterPortOf(key);
    kill(port);
    return port;
  }

  /**
   * Waits until a master other than the one on {@code oldPort} serves {@code key}'s slot, and the
   * cluster is ok.
   */
  public void awaitPromoted(String key, int oldPort) {
    Awaitility.await("a replica promoted in place of the master on port " + oldPort)
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptions()
        .until(() -> masterPortOf(key) != oldPort);
    awaitHealthy();
  }

  /** The port of the master that serves {@code key}'s slot, as the first running node sees it. */
  public int masterPortOf(String key) {
    int slot = io.lettuce.core.cluster.SlotHash.getSlot(key);
    Integer port = processes.keySet().stream().findFirst().orElseThrow();
    String nodes = command(port, c -> c.sync().clusterNodes());
    if (nodes == null) {
      throw new IllegalStateException("node on port " + port + " does not answer");
    }
    for (String line : nodes.split("\n")) {
      String[] f = line.trim().split(" ");
      if (f.length < 9 || !f[2].contains("master") || f[2].contains("fail")) {
        continue;
      }
      for (int i = 8; i < f.length; i++) {
        if (f[i].startsWith("[")) {
          continue;
        }
        String[] range = f[i].split("-");
        int from = Integer.parseInt(range[0]);
        int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
        if (slot >= from && slot <= to) {
          return Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1, f[1].indexOf('@')));
        }
      }
    }
    throw new IllegalStateException("no master for slot " + slot + " in\n" + nodes);
  }

  private void kill(int port) {
    Process p = processes.remove(port);
    if (p != null) {
      p.destroyForcibly();
      try {
        p.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static String nodeUrl(int port) {
    return "redis://127.0.0.1:" + port;
  }

  private static <T> T command(
      int port, java.util.function.Function<StatefulRedisConnection<String, String>, T> f) {
    RedisURI uri = RedisURI.create(nodeUrl(port));
    uri.setTimeout(Duration.ofSeconds(2));
    RedisClient client = RedisClient.create(uri);
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      return f.apply(c);
    } catch (RuntimeException e) {
      return null;
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
    }
  }

  /** Deletes every key of {@code namespace} (and of the namespaces the service derives from it). */
  public void deleteNamespace(String namespace) {
    RedisClusterSupport.deleteNamespace(url(), namespace);
  }

  /** Kills this cluster's processes (only them) and deletes its directory. */
  @Override
  public synchronized void close() {
    new ArrayList<>(processes.keySet()).forEach(this::kill);
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // A temporary directory left behind is harmless.
    }
  }
}
