package com.mallquest.mall.e2e;

import com.mallquest.smartcache.RedisServerProcess;
import java.io.File;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * HAProxy ({@code /usr/sbin/haproxy}) in front of the test's instances, as a child process in the
 * foreground ({@code -db}), killed by its pid. Round robin; a server is taken out after two failed
 * readiness checks ({@code GET /actuator/health/readiness} every 250 ms) and back after two good
 * ones. A request is retried on another server only when the connection to the first failed ({@code
 * retry-on conn-failure}): a request that reached an instance is never sent twice.
 */
final class HaproxyProcess implements AutoCloseable {

  private final Process process;
  private final int port;
  private final Path dir;

  private HaproxyProcess(Process process, int port, Path dir) {
    this.process = process;
    this.port = port;
    this.dir = dir;
  }

  /** The haproxy binary, or null when it is not installed. */
  static String binary() {
    for (String dir :
        (System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/sbin")
            .split(File.pathSeparator)) {
      File f = new File(dir, "haproxy");
      if (f.canExecute()) {
        return f.getAbsolutePath();
      }
    }
    return null;
  }

  /** Starts HAProxy on a free loopback port in front of {@code servers} (name -> port). */
  static HaproxyProcess start(Map<String, Integer> servers) throws IOException {
    int port = RedisServerProcess.freePort();
    Path dir = Files.createTempDirectory("mallquest-haproxy");
    StringBuilder config =
        new StringBuilder()
            .append("global\n")
            .append("  maxconn 512\n")
            .append("  stats socket ")
            .append(dir.resolve("admin.sock"))
            .append(" mode 600 level admin\n")
            .append("defaults\n")
            .append("  mode http\n")
            .append("  timeout connect 500ms\n")
            .append("  timeout client 30s\n")
            .append("  timeout server 30s\n")
            .append("  timeout check 1s\n")
            .append("  retries 3\n")
            .append("  option redispatch 1\n")
            // Only a connection that could not be made is retried (elsewhere): never a request an
            // instance got.
            .append("  retry-on conn-failure\n")
            .append("frontend mall\n")
            .append("  bind 127.0.0.1:")
            .append(port)
            .append("\n")
            .append("  default_backend instances\n")
            .append("backend instances\n")
            .append("  balance roundrobin\n")
            .append("  option httpchk GET /actuator/health/readiness\n")
            .append("  http-check expect status 200\n")
            .append("  default-server inter 250ms fastinter 250ms downinter 250ms fall 2 rise 2\n");
    servers.forEach(
        (name, p) ->
            config
                .append("  server ")
                .append(name)
                .append(" 127.0.0.1:")
                .append(p)
                .append(" check\n"));
    Path cfg = dir.resolve("haproxy.cfg");
    Files.writeString(cfg, config);
    Process process =
        new ProcessBuilder(binary(), "-db", "-f", cfg.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("haproxy.log").toFile())
            .start();
    return new HaproxyProcess(process, port, dir);
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  /**
   * Each server's status as HAProxy sees it (UP, DOWN, ...), from {@code show stat} on the admin
   * socket.
   */
  Map<String, String> serverStatus() throws IOException {
    Map<String, String> status = new HashMap<>();
    String[] lines = command("show stat").split("\n");
    if (lines.length == 0 || !lines[0].startsWith("# ")) {
      return status;
    }
    List<String> header = List.of(lines[0].substring(2).split(","));
    int name = header.indexOf("svname");
    int state = header.indexOf("status");
    for (int i = 1; i < lines.length; i++) {
      String[] f = lines[i].split(",", -1);
      if (f.length > state && f[0].equals("instances") && !f[name].equals("BACKEND")) {
        status.put(f[name], f[state]);
      }
    }
    return status;
  }

  /** Total requests HAProxy sent to each server ({@code stot}). */
  Map<String, Long> sessionsPerServer() throws IOException {
    Map<String, Long> sessions = new HashMap<>();
    String[] lines = command("show stat").split("\n");
    List<String> header = List.of(lines[0].substring(2).split(","));
    int name = header.indexOf("svname");
    int stot = header.indexOf("stot");
    for (int i = 1; i < lines.length; i++) {
      String[] f = lines[i].split(",", -1);
      if (f.length > stot && f[0].equals("instances") && !f[name].equals("BACKEND")) {
        sessions.put(f[name], Long.parseLong(f[stot]));
      }
    }
    return sessions;
  }

  private String command(String command) throws IOException {
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.connect(UnixDomainSocketAddress.of(dir.resolve("admin.sock")));
      channel.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.US_ASCII)));
      StringBuilder out = new StringBuilder();
      ByteBuffer buffer = ByteBuffer.allocate(16384);
      while (channel.read(buffer) >= 0) {
        buffer.flip();
        out.append(StandardCharsets.US_ASCII.decode(buffer));
        buffer.clear();
      }
      return out.toString();
    }
  }

  /** HAProxy's own output. */
  String log() throws IOException {
    return Files.readString(dir.resolve("haproxy.log"));
  }

  boolean alive() {
    return process.isAlive();
  }

  /** Kills HAProxy by its pid. */
  @Override
  public void close() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }
}
