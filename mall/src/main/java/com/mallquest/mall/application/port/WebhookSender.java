package com.mallquest.mall.application.port;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** POSTs a webhook body to a receiver, without blocking the caller. */
public interface WebhookSender {

  /**
   * How the receiver answered.
   *
   * @param httpStatus its status, or null if it did not answer (timeout, refused, reset)
   * @param error why there was no answer, or null
   * @param latencyMs how long it took
   */
  record Response(Integer httpStatus, String error, long latencyMs) {

    /** Whether it was a 2xx. */
    public boolean delivered() {
      return httpStatus != null && httpStatus >= 200 && httpStatus < 300;
    }
  }

  /**
   * Sends the body as {@code application/json} with the headers. The future never fails: a failure
   * is a {@link Response} with a null status. It completes within the configured timeout.
   */
  CompletableFuture<Response> post(URI target, Map<String, String> headers, String body);
}
