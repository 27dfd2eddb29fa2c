package com.mallquest.smartcache.internal;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Where a cache's keys live in Redis (ADR 0005; ADR 0021 for a cluster).
 *
 * <p><b>One Redis:</b> one stream group; {@code <ns>:<cache>:<key>} holds the value, {@code
 * <ns>:<cache>#stream} is the invalidation stream, {@code <ns>:<cache>#n} its counter and {@code
 * <ns>:<cache>#gen} the clear generation (raised by every {@code invalidateAll}, before its keys
 * are deleted; a fill whose load began before it is refused).
 *
 * <p><b>Redis Cluster:</b> a Lua script may only touch keys of one hash slot, and a write's script
 * touches the value, the stream and the counter. The keys are therefore split into {@value
 * #CLUSTER_GROUPS} stream groups by a CRC32 of the encoded key; group {@code g} of namespace {@code
 * ns} is the hash tag {@code {<ns>#<g>}}: {@code <ns>:<cache>:{<ns>#<g>}<key>}, {@code
 * <ns>:<cache>#stream{<ns>#<g>}}, {@code <ns>:<cache>#n{<ns>#<g>}} and {@code
 * <ns>:<cache>#gen{<ns>#<g>}}. Every cache of a namespace has one stream per group, and the streams
 * of a group share its slot, so one {@code XREAD} per group reads all caches. The number of groups
 * is fixed: every instance must agree on it.
 */
public final class KeyLayout {

  /** Stream groups (hash slots) per namespace on a Redis Cluster. */
  public static final int CLUSTER_GROUPS = 16;

  private final String prefix;
  private final String streamPrefix;
  private final String counterPrefix;
  private final String generationPrefix;
  private final String namespace;
  private final boolean cluster;

  /** The layout of cache {@code cache} in {@code namespace}, on a cluster or one Redis. */
  public KeyLayout(String namespace, String cache, boolean cluster) {
    this.namespace = namespace;
    this.prefix = namespace + ":" + cache + ":";
    this.streamPrefix = namespace + ":" + cache + "#stream";
    this.counterPrefix = namespace + ":" + cache + "#n";
    this.generationPrefix = namespace + ":" + cache + "#gen";
    this.cluster = cluster;
  }

  /** How many stream groups. */
  public int groups() {
    return cluster ? CLUSTER_GROUPS : 1;
  }

  /** The group of an encoded key. */
  public int group(String encodedKey) {
    if (!cluster) {
      return 0;
    }
    CRC32 crc = new CRC32();
    crc.update(encodedKey.getBytes(StandardCharsets.UTF_8));
    return (int) (crc.getValue() % CLUSTER_GROUPS);
  }

  /** The hash tag of group {@code g} (empty on one Redis). */
  public String tag(int group) {
    return cluster ? "{" + namespace + "#" + group + "}" : "";
  }

  /** The value's key of an encoded key. */
  public String dataKey(String encodedKey) {
    return prefix + tag(group(encodedKey)) + encodedKey;
  }

  /** The prefix every value key of the cache starts with (for SCAN). */
  public String dataPrefix() {
    return prefix;
  }

  /** The stream of group {@code g}. */
  public String streamKey(int group) {
    return streamPrefix + tag(group);
  }

  /** The message counter of group {@code g}'s stream. */
  public String counterKey(int group) {
    return counterPrefix + tag(group);
  }

  /**
   * The clear generation of group {@code g}: outside {@link #dataPrefix()}, so a clear's SCAN does
   * not delete it; in the group's slot, so a fill's script can read it with the value.
   */
  public String generationKey(int group) {
    return generationPrefix + tag(group);
  }
}
