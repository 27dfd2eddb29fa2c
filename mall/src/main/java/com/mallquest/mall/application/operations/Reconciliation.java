package com.mallquest.mall.application.operations;

import com.mallquest.mall.application.MallSettings;
import com.mallquest.mall.application.port.ReconciliationRepository;
import com.mallquest.mall.application.port.ReconciliationRepository.ShopperTotals;
import com.mallquest.mall.domain.EarningRules;
import com.mallquest.mall.domain.VipTier;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks every shopper's stored figures against what they must be, an operator's "is the money
 * right?" after a fault:
 *
 * <ul>
 *   <li>{@code coins} equals the sum of the shopper's coin ledger;
 *   <li>{@code level} equals {@link EarningRules#levelForXp(long)} of the stored xp;
 *   <li>{@code vipTier} is at least {@link EarningRules#tierFor} of the lifetime spend (a higher
 *       tier is consistent: tiers are never lowered, see {@code Shopper.applyPurchase}).
 * </ul>
 *
 * <p>Reads in pages of {@link #DEFAULT_PAGE_SIZE} shoppers in id order, with the ledger sums
 * computed by the database, so memory stays flat however many shoppers there are. The check reads
 * committed data without locking; run on a live system, a purchase committing between the balance
 * and the ledger read cannot show as a mismatch because both are read by one statement.
 */
public final class Reconciliation {

  /** Shoppers read per query. */
  public static final int DEFAULT_PAGE_SIZE = 500;

  /** Mismatches listed in a report; the total is always counted. */
  public static final int DEFAULT_MAX_LISTED = 100;

  /**
   * One figure that is not what it must be.
   *
   * @param shopperId whose
   * @param field {@code coins}, {@code level} or {@code vipTier}
   * @param expected what it must be
   * @param actual what is stored
   */
  public record Mismatch(String shopperId, String field, String expected, String actual) {}

  /**
   * The outcome.
   *
   * @param shoppersChecked how many shoppers were checked
   * @param mismatchCount all mismatches found
   * @param mismatches the first of them, at most the configured number
   */
  public record Report(long shoppersChecked, long mismatchCount, List<Mismatch> mismatches) {

    /** Copies the list. */
    public Report {
      mismatches = List.copyOf(mismatches);
    }

    /** Whether everything matched. */
    public boolean clean() {
      return mismatchCount == 0;
    }
  }

  private final ReconciliationRepository repository;
  private final MallSettings settings;
  private final int pageSize;
  private final int maxListed;

  /** With the default page size and list cap. */
  public Reconciliation(ReconciliationRepository repository, MallSettings settings) {
    this(repository, settings, DEFAULT_PAGE_SIZE, DEFAULT_MAX_LISTED);
  }

  /** With a page size and list cap, both at least 1. */
  public Reconciliation(ReconciliationRepository repository, MallSettings settings, int pageSize, int maxListed) {
    if (pageSize < 1 || maxListed < 1) {
      throw new IllegalArgumentException("pageSize and maxListed must be >= 1, were " + pageSize + ", " + maxListed);
    }
    this.repository = Objects.requireNonNull(repository, "repository");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.pageSize = pageSize;
    this.maxListed = maxListed;
  }

  /** Checks all shoppers. */
  public Report run() {
    long checked = 0;
    long total = 0;
    List<Mismatch> listed = new ArrayList<>();
    Optional<String> after = Optional.empty();
    while (true) {
      List<ShopperTotals> page = repository.page(after, pageSize);
      for (ShopperTotals shopper : page) {
        checked++;
        for (Mismatch m : check(shopper)) {
          total++;
          if (listed.size() < maxListed) {
            listed.add(m);
          }
        }
      }
      if (page.size() < pageSize) {
        return new Report(checked, total, listed);
      }
      after = Optional.of(page.get(page.size() - 1).shopperId());
    }
  }

  private List<Mismatch> check(ShopperTotals s) {
    List<Mismatch> found = new ArrayList<>(0);
    EarningRules rules = settings.rules();
    if (s.coins() != s.ledgerSum()) {
      found.add(new Mismatch(s.shopperId(), "coins", Long.toString(s.ledgerSum()), Long.toString(s.coins())));
    }
    int level = rules.levelForXp(s.xp());
    if (s.level() != level) {
      found.add(new Mismatch(s.shopperId(), "level", Integer.toString(level), Integer.toString(s.level())));
    }
    VipTier tier = rules.tierFor(s.lifetimeSpendMinor(), settings.currency());
    if (s.vipTier().compareTo(tier) < 0) {
      found.add(new Mismatch(s.shopperId(), "vipTier", "at least " + tier.name(), s.vipTier().name()));
    }
    return found;
  }
}
