package com.mallquest.mall.application.shopper;

import com.mallquest.mall.application.outbox.Changes;
import com.mallquest.mall.application.port.ShopperRepository;
import com.mallquest.mall.application.port.Transactions;
import com.mallquest.mall.domain.NotFoundException;
import com.mallquest.mall.domain.Shopper;
import com.mallquest.mall.domain.ShopperId;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/** Changes a shopper's display name, language or time zone. */
public final class UpdateShopperProfile {

  /**
   * The fields to change; empty ones stay as they are.
   *
   * @param displayName the new display name
   * @param language the new BCP 47 language tag
   * @param timeZone the new IANA time zone
   */
  public record Command(
      Optional<String> displayName, Optional<String> language, Optional<String> timeZone) {}

  private final ShopperRepository shoppers;
  private final Changes changes;
  private final Transactions transactions;

  /** With its ports. */
  public UpdateShopperProfile(
      ShopperRepository shoppers, Changes changes, Transactions transactions) {
    this.shoppers = shoppers;
    this.changes = changes;
    this.transactions = transactions;
  }

  /**
   * Applies the change.
   *
   * @throws NotFoundException if there is no such shopper
   */
  public Shopper update(String id, Command command) {
    ShopperId shopperId = ShopperId.of(id);
    Optional<ZoneId> zone = command.timeZone().map(Shopper::parseZone);
    Shopper updated =
        transactions.inTransaction(
            () -> {
              Shopper current =
                  shoppers
                      .lockById(shopperId)
                      .orElseThrow(() -> new NotFoundException("shopper", shopperId.value()));
              Shopper changed =
                  shoppers.updateProfile(
                      current.withProfile(command.displayName(), command.language(), zone));
              changes.shopper(changed, false, List.of());
              return changed;
            });
    return updated;
  }
}
