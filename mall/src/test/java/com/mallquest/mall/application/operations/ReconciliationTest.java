package com.mallquest.mall.application.operations;

import static org.assertj.core.api.Assertions.assertThat;

import com.mallquest.mall.application.MallSettings;
import com.mallquest.mall.application.operations.Reconciliation.Kind;
import com.mallquest.mall.application.port.ChangeOutbox;
import com.mallquest.mall.application.port.ReconciliationRepository;
import com.mallquest.mall.application.port.ReconciliationRepository.ShopperTotals;
import com.mallquest.mall.domain.EarningRules;
import com.mallquest.mall.domain.VipTier;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReconciliationTest {

  private static final EarningRules RULES = EarningRules.defaults();
  private static final MallSettings SETTINGS =
      new MallSettings(Currency.getInstance("USD"), ZoneId.of("UTC"), RULES);

  /** An in-memory repository that pages like the SQL one and counts its queries. */
  private static final class Rows implements ReconciliationRepository {
    final List<ShopperTotals> rows = new ArrayList<>();
    final List<Integer> pageSizes = new ArrayList<>();

    final Map<String, Long> pendingShoppers = new HashMap<>();
    final Map<String, Long> pendingBoards = new HashMap<>();

    @Override
    public Map<String, Long> pendingVersions(ChangeOutbox.Kind kind, Collection<String> keys) {
      Map<String, Long> pending =
          kind == ChangeOutbox.Kind.SHOPPER ? pendingShoppers : pendingBoards;
      Map<String, Long> asked = new HashMap<>(pending);
      asked.keySet().retainAll(keys);
      return asked;
    }

    @Override
    public List<ShopperTotals> page(Optional<String> afterId, int limit) {
      List<ShopperTotals> page =
          rows.stream()
              .sorted(Comparator.comparing(ShopperTotals::shopperId))
              .filter(r -> afterId.map(a -> r.shopperId().compareTo(a) > 0).orElse(true))
              .limit(limit)
              .toList();
      pageSizes.add(page.size());
      return page;
    }

    void add(
        String id, long coins, long ledgerSum, long xp, int level, VipTier tier, long spendMinor) {
      rows.add(
          new ShopperTotals(
              id, coins, ledgerSum, xp, xp, xp, level, tier, spendMinor, 0, false, false));
    }

    /** A consistent shopper but for the xp ledger's sum, its running total and the flag given. */
    void addXp(String id, long xp, long xpLedgerSum, long xpAfterNewest, boolean[] companion) {
      rows.add(
          new ShopperTotals(
              id,
              0,
              0,
              xp,
              xpLedgerSum,
              xpAfterNewest,
              RULES.levelForXp(xp),
              VipTier.BRONZE,
              0,
              0,
              companion[0],
              companion[1]));
    }

    void addConsistent(String id, long coins, long xp, long spendMinor) {
      add(
          id,
          coins,
          coins,
          xp,
          RULES.levelForXp(xp),
          RULES.tierFor(spendMinor, SETTINGS.currency()),
          spendMinor);
    }
  }

  @Test
  void run_consistentShoppers_isCleanAndCountsAll() {
    Rows rows = new Rows();
    for (int i = 0; i < 7; i++) {
      rows.addConsistent("s" + i, i * 10, i * 300, i * 100_000);
    }

    Reconciliation.Report report = new Reconciliation(rows, SETTINGS, 3, 10).run();

    assertThat(report.clean()).isTrue();
    assertThat(report.shoppersChecked()).isEqualTo(7);
    assertThat(report.mismatches()).isEmpty();
    assertThat(rows.pageSizes).containsExactly(3, 3, 1);
  }

  @Test
  void run_exactMultipleOfPageSize_readsOneEmptyPageAndStops() {
    Rows rows = new Rows();
    for (int i = 0; i < 4; i++) {
      rows.addConsistent("s" + i, 0, 0, 0);
    }

    Reconciliation.Report report = new Reconciliation(rows, SETTINGS, 2, 10).run();

    assertThat(report.shoppersChecked()).isEqualTo(4);
    assertThat(rows.pageSizes).containsExactly(2, 2, 0);
  }

  @Test
  void run_coinsNotLedgerSum_levelNotForXp_tierBelowSpend_eachReported() {
    Rows rows = new Rows();
    rows.addConsistent("good", 10, 10, 0);
    rows.add("coins", 50, 40, 0, 1, VipTier.BRONZE, 0);
    rows.add("level", 0, 0, 300, 1, VipTier.BRONZE, 0);
    rows.add("tier", 0, 0, 0, 1, VipTier.BRONZE, 100_000_000);

    Reconciliation.Report report = new Reconciliation(rows, SETTINGS).run();

    assertThat(report.shoppersChecked()).isEqualTo(4);
    assertThat(report.mismatchCount()).isEqualTo(3);
    assertThat(report.mismatches())
        .containsExactly(
            new Reconciliation.Mismatch("coins", "coins", "40", "50", Kind.COINS_NOT_LEDGER_SUM),
            new Reconciliation.Mismatch(
                "level",
                "level",
                String.valueOf(RULES.levelForXp(300)),
                "1",
                Kind.LEVEL_NOT_FOR_XP),
            new Reconciliation.Mismatch(
                "tier", "vipTier", "at least PLATINUM", "BRONZE", Kind.TIER_BELOW_SPEND));
    assertThat(report.redisChecked()).isFalse();
    assertThat(report.boardsChecked()).isEmpty();
  }

  @Test
  void run_xpNotLedgerSum_runningTotalWrong_companionFlagWrong_eachReported() {
    Rows rows = new Rows();
    boolean[] none = {false, false};
    rows.addXp("good", 300, 300, 300, none);
    rows.addXp("good-companion", 0, 0, 0, new boolean[] {true, true});
    rows.addXp("xp", 300, 250, 300, none);
    rows.addXp("xpafter", 300, 300, 280, none);
    // The flag unset while the shopper has a companion: their purchases would not feed it.
    rows.addXp("unfed", 0, 0, 0, new boolean[] {false, true});
    rows.addXp("flagged", 0, 0, 0, new boolean[] {true, false});

    Reconciliation.Report report = new Reconciliation(rows, SETTINGS).run();

    assertThat(report.shoppersChecked()).isEqualTo(6);
    assertThat(report.mismatches())
        .containsExactly(
            new Reconciliation.Mismatch(
                "flagged", "hasCompanion", "false", "true", Kind.COMPANION_FLAG_WRONG),
            new Reconciliation.Mismatch(
                "unfed", "hasCompanion", "true", "false", Kind.COMPANION_FLAG_WRONG),
            new Reconciliation.Mismatch("xp", "xp", "250", "300", Kind.XP_NOT_LEDGER_SUM),
            new Reconciliation.Mismatch(
                "xpafter", "xpAfter", "300", "280", Kind.XP_RUNNING_TOTAL_WRONG));
    assertThat(report.mismatchCount()).isEqualTo(4);
  }

  @Test
  void run_tierAboveSpend_isConsistentBecauseTiersAreNeverLowered() {
    Rows rows = new Rows();
    rows.add("kept-gold", 0, 0, 0, 1, VipTier.GOLD, 0);

    assertThat(new Reconciliation(rows, SETTINGS).run().clean()).isTrue();
  }

  @Test
  void run_moreMismatchesThanTheCap_listsTheCapAndCountsAll() {
    Rows rows = new Rows();
    for (int i = 0; i < 25; i++) {
      rows.add(String.format("s%02d", i), 1, 0, 0, 1, VipTier.BRONZE, 0);
    }

    Reconciliation.Report report = new Reconciliation(rows, SETTINGS, 10, 5).run();

    assertThat(report.mismatchCount()).isEqualTo(25);
    assertThat(report.mismatches())
        .hasSize(5)
        .extracting(Reconciliation.Mismatch::shopperId)
        .containsExactly("s00", "s01", "s02", "s03", "s04");
  }
}
