package com.mallquest.mall.application.purchase;

import com.mallquest.mall.application.port.LedgerRepository;
import com.mallquest.mall.application.port.PageCursor;
import com.mallquest.mall.application.port.PurchaseRepository;
import com.mallquest.mall.application.port.ShopperRepository;
import com.mallquest.mall.domain.InvalidInputException;
import com.mallquest.mall.domain.LedgerEntry;
import com.mallquest.mall.domain.NotFoundException;
import com.mallquest.mall.domain.Purchase;
import com.mallquest.mall.domain.ShopperId;
import java.util.List;
import java.util.Optional;

/** A shopper's purchases and coin ledger, newest first, a page at a time. */
public final class ListShopperActivity {

  /** The largest page a client may ask for. */
  public static final int MAX_PAGE_SIZE = 100;

  private final ShopperRepository shoppers;
  private final PurchaseRepository purchases;
  private final LedgerRepository ledger;

  /** With its ports. */
  public ListShopperActivity(
      ShopperRepository shoppers, PurchaseRepository purchases, LedgerRepository ledger) {
    this.shoppers = shoppers;
    this.purchases = purchases;
    this.ledger = ledger;
  }

  /** A page of purchases. */
  public List<Purchase> purchases(String shopperId, Optional<PageCursor> before, int limit) {
    return purchases.findByShopper(existing(shopperId), before, checkLimit(limit));
  }

  /** A page of ledger entries. */
  public List<LedgerEntry> ledger(String shopperId, Optional<PageCursor> before, int limit) {
    return ledger.findByShopper(existing(shopperId), before, checkLimit(limit));
  }

  private ShopperId existing(String id) {
    ShopperId shopperId = ShopperId.of(id);
    if (shoppers.findById(shopperId).isEmpty()) {
      throw new NotFoundException("shopper", shopperId.value());
    }
    return shopperId;
  }

  private static int checkLimit(int limit) {
    if (limit < 1 || limit > MAX_PAGE_SIZE) {
      throw new InvalidInputException(
          "limit", "limit must be between 1 and " + MAX_PAGE_SIZE + ": " + limit);
    }
    return limit;
  }
}
