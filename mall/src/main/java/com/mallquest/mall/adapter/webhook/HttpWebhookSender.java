package com.mallquest.mall.adapter.webhook;

import com.mallquest.mall.application.port.WebhookSender;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * POSTs webhooks with the JDK's {@link HttpClient}: asynchronous, one timeout for connect and
 * answer, redirects never followed (a redirect could lead past the target check), the answer's body
 * discarded.
 */
public final class HttpWebhookSender implements WebhookSender, AutoCloseable {

  private final HttpClient client;
  private final ExecutorService executor;
  private final Duration timeout;

  /** With the timeout of one attempt. */
  public HttpWebhookSender(Duration timeout) {
    this.timeout = timeout;
    this.executor =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "webhook-http");
              t.setDaemon(true);
              return t;
            });
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .executor(executor)
            .build();
  }

  @Override
  public CompletableFuture<Response> post(URI target, Map<String, String> headers, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(target)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("User-Agent", "MallQuest-Webhooks/1")
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    headers.forEach(request::header);
    long start = System.nanoTime();
    return client
        .sendAsync(request.build(), HttpResponse.BodyHandlers.discarding())
        .handle(
            (response, error) -> {
              long latency = (System.nanoTime() - start) / 1_000_000;
              if (response != null) {
                return new Response(response.statusCode(), null, latency);
              }
              Throwable cause = error.getCause() != null ? error.getCause() : error;
              return new Response(
                  null,
                  cause.getClass().getSimpleName()
                      + (cause.getMessage() == null ? "" : ": " + cause.getMessage()),
                  latency);
            });
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
