package com.mallquest.mall.application.store;

import com.mallquest.mall.application.outbox.Changes;
import com.mallquest.mall.application.port.StoreCache;
import com.mallquest.mall.application.port.StoreRepository;
import com.mallquest.mall.application.port.Transactions;
import com.mallquest.mall.domain.ConflictException;
import com.mallquest.mall.domain.InvalidInputException;
import com.mallquest.mall.domain.NotFoundException;
import com.mallquest.mall.domain.Store;
import com.mallquest.mall.domain.StoreCategory;
import com.mallquest.mall.domain.StoreId;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/** The mall's stores: operators create and change them; everyone reads them through the cache. */
public final class StoreCatalog {

  /** The largest page a client may ask for. */
  public static final int MAX_PAGE_SIZE = 100;

  /**
   * A new store.
   *
   * @param id a client id, or empty for a server-made UUID
   * @param name the store's name
   * @param category one of {@link StoreCategory}, case-insensitive
   * @param floor a floor label such as {@code G}, {@code L2}, {@code B1}
   * @param coinMultiplier 0.1 to 10, default 1
   * @param active default true
   */
  public record CreateCommand(
      Optional<String> id,
      String name,
      String category,
      String floor,
      Optional<BigDecimal> coinMultiplier,
      Optional<Boolean> active) {}

  /**
   * Changes to a store; empty fields stay as they are.
   *
   * @param name the new name
   * @param category the new category
   * @param floor the new floor label
   * @param coinMultiplier the new multiplier
   * @param active whether purchases may be recorded
   */
  public record UpdateCommand(
      Optional<String> name,
      Optional<String> category,
      Optional<String> floor,
      Optional<BigDecimal> coinMultiplier,
      Optional<Boolean> active) {}

  private final StoreRepository stores;
  private final StoreCache cache;
  private final Changes changes;
  private final Transactions transactions;

  /** With its ports. */
  public StoreCatalog(
      StoreRepository stores, StoreCache cache, Changes changes, Transactions transactions) {
    this.stores = stores;
    this.cache = cache;
    this.changes = changes;
    this.transactions = transactions;
  }

  /** Creates a store; {@link ConflictException} if the id is taken. */
  public Store create(CreateCommand command) {
    StoreId id = command.id().map(StoreId::of).orElseGet(StoreId::random);
    Store store =
        new Store(
            id,
            required(command.name(), "name"),
            StoreCategory.parse(required(command.category(), "category")),
            required(command.floor(), "floor"),
            command.coinMultiplier().orElse(BigDecimal.ONE),
            command.active().orElse(true),
            0);
    transactions.inTransaction(
        () -> {
          if (!stores.insert(store)) {
            throw new ConflictException("store " + id.value() + " exists already");
          }
          changes.store(store);
          return store;
        });
    return store;
  }

  /**
   * Changes a store; {@link NotFoundException} if absent, {@link ConflictException} on a concurrent
   * change.
   */
  public Store update(String id, UpdateCommand command) {
    StoreId storeId = StoreId.of(id);
    Store current =
        stores.findById(storeId).orElseThrow(() -> new NotFoundException("store", storeId.value()));
    Store changed =
        new Store(
            storeId,
            command.name().orElse(current.name()),
            command.category().map(StoreCategory::parse).orElse(current.category()),
            command.floor().orElse(current.floor()),
            command.coinMultiplier().orElse(current.coinMultiplier()),
            command.active().orElse(current.active()),
            current.version());
    Store updated =
        transactions.inTransaction(
            () -> {
              Store stored =
                  stores
                      .update(changed)
                      .orElseThrow(
                          () ->
                              new ConflictException(
                                  "store " + storeId.value() + " was changed concurrently; retry"));
              changes.store(stored);
              return stored;
            });
    return updated;
  }

  /** The store, through the cache; {@link NotFoundException} if absent. */
  public Store get(String id) {
    StoreId storeId = StoreId.of(id);
    return cache.get(storeId).orElseThrow(() -> new NotFoundException("store", storeId.value()));
  }

  /** A page of stores ordered by id, after {@code afterId}. */
  public List<Store> list(Optional<String> afterId, int limit) {
    if (limit < 1 || limit > MAX_PAGE_SIZE) {
      throw new InvalidInputException(
          "limit", "limit must be between 1 and " + MAX_PAGE_SIZE + ": " + limit);
    }
    return stores.list(afterId.map(StoreId::of), limit);
  }

  private static String required(String value, String field) {
    if (value == null) {
      throw new InvalidInputException(field, field + " is required");
    }
    return value;
  }
}
