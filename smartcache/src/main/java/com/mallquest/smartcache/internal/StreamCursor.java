package com.mallquest.smartcache.internal;

/**
 * Where the stream reader stands in one cache's invalidation stream: the id of the last message
 * read, and that message's counter {@code n}. Written by the reader thread only.
 */
public final class StreamCursor {

  private volatile String lastId;
  private volatile long lastCount = -1;

  /** Whether the position is known; until it is, the cache's memory tier is not trusted. */
  public boolean known() {
    return lastId != null;
  }

  /** The id to read after. */
  public String lastId() {
    return lastId;
  }

  /** The counter of the last message read, or -1 if unknown (the next message sets it). */
  public long lastCount() {
    return lastCount;
  }

  /** Moves past a message. */
  public void advance(String id, long count) {
    this.lastCount = count;
    this.lastId = id;
  }

  @Override
  public String toString() {
    return "StreamCursor[lastId=" + lastId + ", lastCount=" + lastCount + "]";
  }
}
