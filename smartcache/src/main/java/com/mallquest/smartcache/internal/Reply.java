package com.mallquest.smartcache.internal;

/**
 * The outcome of one Redis call made through {@link RedisLink}: a value, or the reason there is
 * none. Redis exceptions end here; callers of the cache never see them.
 *
 * @param status what happened
 * @param value the reply when {@code status} is {@link Status#OK} (may be {@code null}, e.g. GET of
 *     a missing key); otherwise {@code null}
 * @param <T> the reply type
 */
public record Reply<T>(Status status, T value) {

  /** What happened to the call. */
  public enum Status {
    /** Redis answered. */
    OK,
    /** Not sent: no connection, or the circuit breaker is open. Costs no time. */
    SKIPPED,
    /** Sent and failed or timed out. */
    FAILED
  }

  private static final Reply<?> SKIPPED = new Reply<>(Status.SKIPPED, null);
  private static final Reply<?> FAILED = new Reply<>(Status.FAILED, null);

  /** A successful reply. */
  public static <T> Reply<T> ok(T value) {
    return new Reply<>(Status.OK, value);
  }

  /** A call that was not made. */
  @SuppressWarnings("unchecked") // carries no value, so it is a Reply of every type
  public static <T> Reply<T> skipped() {
    return (Reply<T>) SKIPPED;
  }

  /** A call that failed. */
  @SuppressWarnings("unchecked") // carries no value, so it is a Reply of every type
  public static <T> Reply<T> failed() {
    return (Reply<T>) FAILED;
  }

  /** Whether Redis answered. */
  public boolean isOk() {
    return status == Status.OK;
  }
}
