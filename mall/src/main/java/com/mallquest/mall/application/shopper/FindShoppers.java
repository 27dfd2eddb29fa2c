package com.mallquest.mall.application.shopper;

import com.mallquest.mall.application.port.ShopperRepository;
import com.mallquest.mall.application.port.ShopperSearchRepository;
import com.mallquest.mall.application.port.ShopperSearchRepository.NameCursor;
import com.mallquest.mall.application.port.ShopperSearchRepository.NamePage;
import com.mallquest.mall.domain.InvalidInputException;
import com.mallquest.mall.domain.Shopper;
import com.mallquest.mall.domain.ShopperId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The operator console's shopper search: by id, by display-name prefix (paged) or by receipt id.
 */
public final class FindShoppers {

  /** The largest page a client may ask for. */
  public static final int MAX_PAGE_SIZE = 100;

  /** Longest name prefix (a display name has at most 100 characters). */
  public static final int MAX_PREFIX = 100;

  /**
   * Most shoppers a receipt search answers (a receipt id is unique per store, so this is many
   * stores).
   */
  public static final int MAX_RECEIPT_MATCHES = 50;

  private final ShopperRepository shoppers;
  private final ShopperSearchRepository search;

  /** With its ports. */
  public FindShoppers(ShopperRepository shoppers, ShopperSearchRepository search) {
    this.shoppers = shoppers;
    this.search = search;
  }

  /** The shopper with this id, as a list of none or one. */
  public List<Shopper> byId(String id) {
    ShopperId shopperId = InvalidInputException.parseAs("id", ShopperId::of, id);
    return shoppers.findById(shopperId).stream().toList();
  }

  /**
   * Shoppers whose display name starts with {@code prefix} (case ignored), by name then id.
   *
   * @throws InvalidInputException naming {@code namePrefix} or {@code limit}
   */
  public NamePage byNamePrefix(String prefix, Optional<NameCursor> after, int limit) {
    if (prefix == null || prefix.isBlank() || prefix.length() > MAX_PREFIX) {
      throw new InvalidInputException(
          "namePrefix", "namePrefix must be 1-" + MAX_PREFIX + " characters");
    }
    for (int i = 0; i < prefix.length(); i++) {
      if (Character.isISOControl(prefix.charAt(i))) {
        throw new InvalidInputException(
            "namePrefix", "namePrefix must not contain control characters");
      }
    }
    if (limit < 1 || limit > MAX_PAGE_SIZE) {
      throw new InvalidInputException(
          "limit", "limit must be between 1 and " + MAX_PAGE_SIZE + ": " + limit);
    }
    return search.byNamePrefix(prefix.strip(), after, limit);
  }

  /**
   * The shoppers who made a purchase with this receipt id (at any store).
   *
   * @throws InvalidInputException naming {@code receiptId} if it is empty or longer than 64
   *     characters
   */
  public List<Shopper> byReceipt(String receiptId) {
    if (receiptId == null || receiptId.isEmpty() || receiptId.length() > 64) {
      throw new InvalidInputException("receiptId", "receiptId must be 1-64 characters");
    }
    List<ShopperId> ids = search.byReceipt(receiptId, MAX_RECEIPT_MATCHES);
    Map<ShopperId, Shopper> found = shoppers.findAllById(ids);
    List<Shopper> ordered = new ArrayList<>();
    ids.forEach(id -> Optional.ofNullable(found.get(id)).ifPresent(ordered::add));
    return ordered;
  }
}
