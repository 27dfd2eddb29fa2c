package com.mallquest.smartcache;

import io.lettuce.core.event.command.CommandListener;
import io.lettuce.core.event.command.CommandStartedEvent;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the Redis commands one manager sends, by command name (a counting wrapper over Lettuce).
 */
final class CommandCounter implements CommandListener {

  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

  @Override
  public void commandStarted(CommandStartedEvent event) {
    counts
        .computeIfAbsent(
            event.getCommand().getType().toString().toUpperCase(java.util.Locale.ROOT),
            k -> new LongAdder())
        .increment();
  }

  long count(String command) {
    LongAdder a = counts.get(command);
    return a == null ? 0 : a.sum();
  }

  /**
   * Commands of the request path (not the stream reader's XREAD, INFO, XREVRANGE, CLIENT, PING).
   */
  long requestPathCommands() {
    return count("GET")
        + count("MGET")
        + count("EVALSHA")
        + count("EVAL")
        + count("SCAN")
        + count("UNLINK");
  }

  void reset() {
    counts.clear();
  }

  @Override
  public String toString() {
    return counts.toString();
  }
}
