package com.mallquest.mall.e2e;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged jar ({@code target/mallquest.jar}) run as a separate java process on a free port.
 */
final class ServiceProcess {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Process process;
  private final int port;
  private final Path log;

  private ServiceProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /**
   * Starts the jar with {@code environment} added and waits until its health endpoint answers 200.
   */
  static ServiceProcess start(Map<String, String> environment) throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    return start(environment, port);
  }

  /**
   * Starts the jar on {@code port} (a restart where a load balancer expects it) and waits until it
   * is healthy.
   */
  static ServiceProcess start(Map<String, String> environment, int port) throws IOException {
    File jar = new File("target/mallquest.jar");
    if (!jar.exists()) {
      throw new IllegalStateException(
          "run after 'package': " + jar.getAbsolutePath() + " is missing");
    }
    Path log = Files.createTempFile("mallquest-service", ".log");
    ProcessBuilder pb =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                "-XX:TieredStopAtLevel=1",
                "-jar",
                jar.getAbsolutePath())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().putAll(environment);
    pb.environment().put("SERVER_PORT", String.valueOf(port));
    ServiceProcess service = new ServiceProcess(pb.start(), port, log);
    await("service on port " + port)
        .atMost(Duration.ofSeconds(180))
        .pollInterval(Duration.ofMillis(200))
        .until(service::healthy);
    return service;
  }

  private boolean healthy() throws IOException {
    if (!process.isAlive()) {
      throw new AssertionError("service exited:\n" + Files.readString(log));
    }
    try {
      HttpRequest request =
          HttpRequest.newBuilder(uri("/actuator/health")).timeout(Duration.ofSeconds(5)).build();
      return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The address of {@code path} on this service. */
  URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }

  /** The port it listens on. */
  int port() {
    return port;
  }

  /** Whether the process runs. */
  boolean alive() {
    return process.isAlive();
  }

  /** The process's output so far. */
  String log() throws IOException {
    return Files.readString(log);
  }

  /**
   * SIGSTOP: the process is frozen (holds its connections, answers nothing) until {@link
   * #resume()}.
   */
  void suspend() throws IOException, InterruptedException {
    signal("-STOP");
  }

  /** SIGCONT after {@link #suspend()}. */
  void resume() throws IOException, InterruptedException {
    signal("-CONT");
  }

  private void signal(String which) throws IOException, InterruptedException {
    Process kill =
        new ProcessBuilder("kill", which, Long.toString(process.pid())).inheritIO().start();
    if (kill.waitFor() != 0) {
      throw new IllegalStateException("kill " + which + " " + process.pid() + " failed");
    }
  }

  /** SIGKILL: no shutdown hook, no graceful drain, in-flight requests lose their connection. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(20, TimeUnit.SECONDS);
  }

  /** A graceful stop (SIGTERM), then SIGKILL if it takes longer than 20 s. */
  void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      kill();
    }
  }
}
