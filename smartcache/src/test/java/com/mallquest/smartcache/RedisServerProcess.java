package com.mallquest.smartcache;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;

/**
 * A {@code redis-server} of the test's own, on a free port, that the fault tests kill and restart.
 * Never the shared server: {@code redis-server --port N --save "" --appendonly no --daemonize no}.
 */
public final class RedisServerProcess implements AutoCloseable {

  private final int port;
  private Process process;

  private RedisServerProcess(int port) {
    this.port = port;
  }

  /** Whether {@code redis-server} can be started here. */
  public static boolean installed() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (new File(dir, "redis-server").canExecute()) {
        return true;
      }
    }
    return false;
  }

  /** A free port (nothing listens there). */
  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free port", e);
    }
  }

  /** Starts a server on a free port and waits until it answers. */
  public static RedisServerProcess start() {
    return onPort(freePort()).restart();
  }

  /** A server on {@code port}, not started. */
  public static RedisServerProcess onPort(int port) {
    return new RedisServerProcess(port);
  }

  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** Starts (again) on the same port and waits until it answers. */
  public RedisServerProcess restart() {
    ProcessBuilder pb =
        new ProcessBuilder(
                List.of(
                    "redis-server",
                    "--port",
                    Integer.toString(port),
                    "--bind",
                    "127.0.0.1",
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                    "--daemonize",
                    "no"))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    try {
      process = pb.start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start redis-server", e);
    }
    Awaitility.await("redis-server on port " + port)
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> RedisTestSupport.reachable(url()));
    return this;
  }

  /** Kills the server at once (SIGKILL): no clean shutdown, connections drop. */
  public void kill() {
    if (process != null) {
      process.destroyForcibly();
      try {
        process.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      process = null;
    }
  }

  @Override
  public void close() {
    kill();
  }
}
