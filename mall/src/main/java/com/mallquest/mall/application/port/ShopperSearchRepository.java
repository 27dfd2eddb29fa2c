package com.mallquest.mall.application.port;

import com.mallquest.mall.domain.Shopper;
import com.mallquest.mall.domain.ShopperId;
import java.util.List;
import java.util.Optional;

/** Finding shoppers for the operator console. */
public interface ShopperSearchRepository {

  /**
   * Where a name listing resumes: after the shopper with this search key and id.
   *
   * @param nameKey the last shopper's lower-cased display name as the search stores it
   * @param id the last shopper's id
   */
  record NameCursor(String nameKey, String id) {}

  /**
   * A page of shoppers whose display name starts with the prefix (case ignored), and where the next
   * one resumes.
   */
  record NamePage(List<Shopper> shoppers, Optional<NameCursor> next) {}

  /**
   * Shoppers whose display name starts with {@code prefix}, ignoring case, ordered by name then id,
   * those after {@code after} only; at most {@code limit}. One index range scan.
   */
  NamePage byNamePrefix(String prefix, Optional<NameCursor> after, int limit);

  /** The shoppers with a purchase of this receipt id at any store, at most {@code limit}. */
  List<ShopperId> byReceipt(String receiptId, int limit);
}
