package com.mallquest.smartcache.internal;

/**
 * The Lua scripts that keep Redis versioned and coherent. Each runs atomically in Redis, so a
 * compare-and-set and the stream append of one write cost one round trip.
 *
 * <p><b>Value format.</b> A Redis value is {@code <version>|V<codec bytes>}: the row version in
 * ASCII decimal (no leading zeros), a {@code |}, a kind byte, the payload. A tombstone, written by
 * {@code invalidate}, is {@code <version>|T<id>}: the version it replaced (empty if none) and a
 * random id. Versions are compared as decimal strings (length first, then lexically), which is
 * exact for any {@code long} — Lua's numbers are doubles and would not be.
 *
 * <p><b>Rules.</b> A write (after a commit) replaces a value of the same or an older version, but
 * not a tombstone: an invalidation has no version, so a write that arrives while its tombstone
 * lives cannot be ordered against it. The write renews the tombstone instead (a new id, the same
 * expiry), so that a load that saw the old tombstone and read the source before this write cannot
 * fill, and the next load (which sees the new tombstone and reads the source after the write)
 * fills. A fill (after a load) replaces nothing newer, and replaces a tombstone only if the loader
 * saw exactly that tombstone before it read the source: a tombstone it did not see means an
 * invalidation ran during its load, so its value may be the old one. Nor does a fill store anything
 * once the cache was cleared after its loader looked: a clear raises the group's clear generation
 * before it deletes the keys, and the fill compares the generation it saw. Write, invalidate, clear
 * and the misses' invalidation (op {@code m}) also append {@code (c=cache, k=key, v=version,
 * o=origin, op, n)} to the cache's stream, trimmed to about {@code maxLen}; {@code n} counts the
 * stream's messages (a key {@code INCR}ed in the same script), so a reader that sees {@code n} jump
 * knows it missed messages.
 */
public final class RedisScripts {

  private RedisScripts() {}

  private static final String HELPERS =
      """
      local function older(a, b)
        if #a ~= #b then return #a < #b end
        return a < b
      end
      local function parse(raw)
        local sep = string.find(raw, '|', 1, true)
        if not sep then return nil, nil end
        return string.sub(raw, 1, sep - 1), string.sub(raw, sep + 1, sep + 1)
      end
      """;

  /**
   * {@code written}: KEYS = data key, stream, stream counter; ARGV = version, stored value, TTL ms,
   * stream max length, cache, key, origin. Returns 1 if the value was stored, 0 if Redis held a
   * newer one or a tombstone; appends to the stream either way.
   */
  public static final LuaScript WRITE =
      LuaScript.of(
          "write",
          HELPERS
              + """
      local cur = redis.call('GET', KEYS[1])
      local n = redis.call('INCR', KEYS[3])
      local applied = 1
      if cur then
        local ver, kind = parse(cur)
        if kind == 'T' then
          applied = 0
          if ver == '' or older(ver, ARGV[1]) then ver = ARGV[1] end
          redis.call('SET', KEYS[1], ver .. '|Tw' .. n, 'KEEPTTL')
        elseif kind == 'V' then
          if older(ARGV[1], ver) then applied = 0 end
        end
      end
      if applied == 1 then
        redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
      end
      redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[4], '*',
        'c', ARGV[5], 'k', ARGV[6], 'v', ARGV[1], 'o', ARGV[7], 'op', 'w', 'n', n)
      return applied
      """);

  /**
   * {@code invalidate}: KEYS = data key, stream, stream counter; ARGV = tombstone id, tombstone TTL
   * ms, stream max length, cache, key, origin. Replaces the value with a tombstone that remembers
   * its version, and appends to the stream. Returns 1.
   */
  public static final LuaScript INVALIDATE =
      LuaScript.of(
          "invalidate",
          HELPERS
              + """
      local cur = redis.call('GET', KEYS[1])
      local ver = ''
      if cur then
        local v, kind = parse(cur)
        if v then ver = v end
      end
      redis.call('SET', KEYS[1], ver .. '|T' .. ARGV[1], 'PX', ARGV[2])
      local n = redis.call('INCR', KEYS[3])
      redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[3], '*',
        'c', ARGV[4], 'k', ARGV[5], 'v', ver, 'o', ARGV[6], 'op', 'i', 'n', n)
      return 1
      """);

  /**
   * Fill after a load: KEYS = data key, the group's clear generation; ARGV = version, stored value,
   * TTL ms, the raw value the loader saw before reading the source ("" if none), the clear
   * generation it saw then ("" if none). Returns 1 if stored. A generation that moved means an
   * {@code invalidateAll} ran during the load: its value may be from before the clear, which
   * deleted what it would have been compared with, so it is not stored.
   */
  public static final LuaScript FILL =
      LuaScript.of(
          "fill",
          HELPERS
              + """
      if (redis.call('GET', KEYS[2]) or '') ~= ARGV[5] then return 0 end
      local cur = redis.call('GET', KEYS[1])
      if cur then
        local ver, kind = parse(cur)
        if kind == 'V' then
          if older(ARGV[1], ver) then return 0 end
          if ver == ARGV[1] and cur ~= ARGV[4] then return 0 end
        elseif cur ~= ARGV[4] then
          return 0
        end
      end
      redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
      return 1
      """);

  /**
   * The stream message of {@code invalidateAll} (the keys are deleted by SCAN before): KEYS =
   * stream, stream counter; ARGV = stream max length, cache, origin. Returns 1.
   */
  public static final LuaScript CLEAR =
      LuaScript.of(
          "clear",
          """
      local n = redis.call('INCR', KEYS[2])
      redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*',
        'c', ARGV[2], 'k', '', 'v', '', 'o', ARGV[3], 'op', 'c', 'n', n)
      return 1
      """);

  /**
   * The stream message of {@code invalidateMisses} (misses live only in memory, so no key changes):
   * KEYS = stream, stream counter; ARGV = stream max length, cache, origin. Returns 1.
   */
  public static final LuaScript MISSES =
      LuaScript.of(
          "misses",
          """
      local n = redis.call('INCR', KEYS[2])
      redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*',
        'c', ARGV[2], 'k', '', 'v', '', 'o', ARGV[3], 'op', 'm', 'n', n)
      return 1
      """);
}
