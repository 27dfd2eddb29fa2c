package com.mallquest.mall.application.port;

import java.time.Instant;
import java.util.Optional;

/**
 * The responses kept for {@code Idempotency-Key} replays, one row per (API key id, idempotency
 * key): claimed when the first request starts, completed with its response when it ends.
 */
public interface IdempotencyRepository {

  /**
   * A kept request: in flight while {@code response} is empty.
   *
   * @param apiKeyId the caller's key id
   * @param key the client's Idempotency-Key
   * @param requestHash hex SHA-256 of method, path and body
   * @param response the stored response, once the first request completed
   * @param createdAt when the first request claimed the key
   */
  record Entry(
      String apiKeyId,
      String key,
      String requestHash,
      Optional<StoredResponse> response,
      Instant createdAt) {}

  /**
   * A response to replay.
   *
   * @param status the HTTP status (2xx)
   * @param contentType its content type, if it had one
   * @param location its Location header, if it had one
   * @param body its body (the API's bodies are UTF-8 JSON)
   */
  record StoredResponse(
      int status, Optional<String> contentType, Optional<String> location, String body) {}

  /**
   * Inserts an in-flight entry.
   *
   * @return false if an entry for (apiKeyId, key) exists already (nothing was changed)
   */
  boolean claim(String apiKeyId, String key, String requestHash, Instant now);

  /** The entry for (apiKeyId, key), in flight or completed. */
  Optional<Entry> find(String apiKeyId, String key);

  /** Stores the response of the in-flight entry. */
  void complete(String apiKeyId, String key, StoredResponse response);

  /**
   * Deletes the entry if it is the one claimed at {@code createdAt} (so a concurrent new claim
   * survives).
   */
  void delete(String apiKeyId, String key, Instant createdAt);

  /**
   * Deletes every entry claimed before {@code cutoff}.
   *
   * @return how many
   */
  int deleteCreatedBefore(Instant cutoff);
}
