package com.mallquest.mall.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A webhook receiver for tests: a JDK {@link HttpServer} on 127.0.0.1 that records every request
 * (headers and raw body) and answers as told: 204, or 500 for the first {@code failFirst} attempts
 * of each event id, or holding the first {@code slowFirst} attempts of each event past the sender's
 * timeout before answering. It can stop and start again on the same port (a receiver that goes
 * away).
 */
public final class WebhookReceiver implements AutoCloseable {

  /**
   * One request as received.
   *
   * @param id the {@code webhook-id} header
   * @param timestamp the {@code webhook-timestamp} header
   * @param signature the {@code webhook-signature} header
   * @param body the raw body
   * @param answered the status it got
   */
  public record Received(
      String id, String timestamp, String signature, String body, int answered) {}

  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicInteger> attemptsPerEvent = new ConcurrentHashMap<>();
  private final CountDownLatch closing = new CountDownLatch(1);
  private volatile int failFirst;
  private volatile int slowFirst;
  private volatile long slowMillis;
  private volatile int port;
  private volatile HttpServer server;

  /** Started on a free port. */
  public WebhookReceiver() {
    start(0);
  }

  /** Answers 500 to the first {@code n} attempts of each event id. */
  public WebhookReceiver failFirst(int n) {
    this.failFirst = n;
    return this;
  }

  /**
   * Holds the first {@code n} attempts of each event id for {@code millis} before answering 204.
   */
  public WebhookReceiver slowFirst(int n, long millis) {
    this.slowFirst = n;
    this.slowMillis = millis;
    return this;
  }

  /** The target URL. */
  public String url() {
    return "http://127.0.0.1:" + port + "/hook";
  }

  /** Every request so far, in arrival order. */
  public List<Received> received() {
    return List.copyOf(received);
  }

  /** Requests answered 2xx, in arrival order. */
  public List<Received> accepted() {
    return received.stream().filter(r -> r.answered() / 100 == 2).toList();
  }

  /** Stops listening: connections are refused until {@link #restart()}. */
  public void stop() {
    HttpServer s = server;
    if (s != null) {
      s.stop(0);
      server = null;
    }
  }

  /** Listens again on the same port. */
  public void restart() {
    start(port);
  }

  @Override
  public void close() {
    closing.countDown();
    stop();
  }

  private void start(int onPort) {
    try {
      HttpServer s =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 50);
      s.setExecutor(
          Executors.newFixedThreadPool(
              8,
              r -> {
                Thread t = new Thread(r, "webhook-receiver");
                t.setDaemon(true);
                return t;
              }));
      s.createContext("/hook", this::handle);
      s.start();
      port = s.getAddress().getPort();
      server = s;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange;
        InputStream in = exchange.getRequestBody()) {
      String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      String id = exchange.getRequestHeaders().getFirst("webhook-id");
      int attempt =
          attemptsPerEvent
              .computeIfAbsent(String.valueOf(id), k -> new AtomicInteger())
              .incrementAndGet();
      int status = attempt <= failFirst ? 500 : 204;
      if (status == 204 && attempt <= failFirst + slowFirst) {
        try {
          // Not a test's sleep: the receiver is slow, past the sender's timeout (the sender gives
          // up first).
          closing.await(slowMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      received.add(
          new Received(
              id,
              exchange.getRequestHeaders().getFirst("webhook-timestamp"),
              exchange.getRequestHeaders().getFirst("webhook-signature"),
              body,
              status));
      exchange.sendResponseHeaders(status, -1);
    }
  }
}
