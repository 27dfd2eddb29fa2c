package com.mallquest.smartcache.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Lua script with its SHA-1, for {@code EVALSHA} with a fall back to {@code EVAL} when Redis does
 * not know it (after a restart).
 *
 * @param name a short name, for logs
 * @param source the script text
 * @param sha1 the lower-case hex SHA-1 of the script, as Redis computes it
 */
public record LuaScript(String name, String source, String sha1) {

  /** A script and its digest. */
  public static LuaScript of(String name, String source) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8));
      return new LuaScript(name, source, HexFormat.of().formatHex(digest));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-1", e);
    }
  }

  /** The script text as bytes. */
  public byte[] bytes() {
    return source.getBytes(StandardCharsets.UTF_8);
  }
}
