package com.mallquest.smartcache;

/**
 * The root of the exceptions SmartCache throws. Redis failures are never thrown to callers (the
 * cache degrades to memory and source instead); what callers can see is a failure of their own
 * source of record (rethrown as it was) or a misuse of the API.
 */
public class SmartCacheException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** With a message. */
  public SmartCacheException(String message) {
    super(message);
  }

  /** With a message and a cause. */
  public SmartCacheException(String message, Throwable cause) {
    super(message, cause);
  }

  /** A value that the codec cannot encode or decode. */
  public static final class CodecException extends SmartCacheException {
    private static final long serialVersionUID = 1L;

    /** With a message. */
    public CodecException(String message) {
      super(message);
    }

    /** With a message and a cause. */
    public CodecException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** A cache name used twice, or a cache looked up that does not exist. */
  public static final class ConfigurationException extends SmartCacheException {
    private static final long serialVersionUID = 1L;

    /** With a message. */
    public ConfigurationException(String message) {
      super(message);
    }
  }
}
