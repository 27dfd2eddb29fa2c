package com.mallquest.smartcache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.cluster.SlotHash;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The key names on one Redis (unchanged, ADR 0005) and on a cluster (hash-tagged stream groups, ADR
 * 0021).
 */
class KeyLayoutTest {

  @Test
  void oneRedis_theLayoutOfAdr0005() {
    KeyLayout layout = new KeyLayout("ns", "shoppers", false);
    assertThat(layout.groups()).isEqualTo(1);
    assertThat(layout.group("42")).isZero();
    assertThat(layout.dataKey("42")).isEqualTo("ns:shoppers:42");
    assertThat(layout.streamKey(0)).isEqualTo("ns:shoppers#stream");
    assertThat(layout.counterKey(0)).isEqualTo("ns:shoppers#n");
    assertThat(layout.generationKey(0))
        .isEqualTo("ns:shoppers#gen")
        .as("a clear's SCAN of the data prefix must not delete it")
        .doesNotStartWith(layout.dataPrefix());
    assertThat(LiveRedisTier.streamKeyOf("ns", "shoppers")).isEqualTo("ns:shoppers#stream");
  }

  @Test
  void cluster_aWritesThreeKeysShareASlot_groupsSpreadOverSlots_prefixKeptForScan() {
    KeyLayout layout = new KeyLayout("ns", "shoppers", true);
    assertThat(layout.groups()).isEqualTo(KeyLayout.CLUSTER_GROUPS);
    Set<Integer> groups = new HashSet<>();
    Set<Integer> slots = new HashSet<>();
    for (int k = 0; k < 1000; k++) {
      String key = Integer.toString(k);
      int g = layout.group(key);
      assertThat(g).isBetween(0, KeyLayout.CLUSTER_GROUPS - 1).isEqualTo(layout.group(key));
      String data = layout.dataKey(key);
      assertThat(data)
          .isEqualTo("ns:shoppers:{ns#" + g + "}" + key)
          .startsWith(layout.dataPrefix());
      assertThat(SlotHash.getSlot(data))
          .isEqualTo(SlotHash.getSlot(layout.streamKey(g)))
          .isEqualTo(SlotHash.getSlot(layout.counterKey(g)))
          .isEqualTo(SlotHash.getSlot(layout.generationKey(g)));
      assertThat(layout.generationKey(g)).doesNotStartWith(layout.dataPrefix());
      groups.add(g);
      slots.add(SlotHash.getSlot(data));
    }
    assertThat(groups).hasSize(KeyLayout.CLUSTER_GROUPS);
    assertThat(slots).hasSize(KeyLayout.CLUSTER_GROUPS);
    // Another cache of the namespace uses the same groups' slots: one XREAD per group reads both.
    KeyLayout stores = new KeyLayout("ns", "stores", true);
    assertThat(SlotHash.getSlot(stores.streamKey(3)))
        .isEqualTo(SlotHash.getSlot(layout.streamKey(3)));
    assertThat(layout.streamKey(3)).isEqualTo("ns:shoppers#stream{ns#3}");
    // A key whose encoding has braces of its own: only the first {...} (the group's) is the hash
    // tag.
    assertThat(SlotHash.getSlot(layout.dataKey("{x}")))
        .isEqualTo(SlotHash.getSlot(layout.streamKey(layout.group("{x}"))));
  }
}
