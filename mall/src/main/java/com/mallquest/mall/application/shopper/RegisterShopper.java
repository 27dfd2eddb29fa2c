package com.mallquest.mall.application.shopper;

import com.mallquest.mall.application.MallSettings;
import com.mallquest.mall.application.outbox.Changes;
import com.mallquest.mall.application.port.ShopperRepository;
import com.mallquest.mall.application.port.Transactions;
import com.mallquest.mall.domain.ConflictException;
import com.mallquest.mall.domain.Shopper;
import com.mallquest.mall.domain.ShopperId;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Registers a new shopper with a server-made or client-chosen id. */
public final class RegisterShopper {

  private static final Logger log = LoggerFactory.getLogger(RegisterShopper.class);

  /**
   * What a client sends; every field optional.
   *
   * @param id a client id (1-64 of {@code [A-Za-z0-9_-]}); empty for a server-made UUID
   * @param displayName defaults to the id
   * @param language a BCP 47 tag, default {@code en}
   * @param timeZone an IANA zone id, default the mall's
   */
  public record Command(
      Optional<String> id,
      Optional<String> displayName,
      Optional<String> language,
      Optional<String> timeZone) {}

  private final ShopperRepository shoppers;
  private final Changes changes;
  private final Transactions transactions;
  private final MallSettings settings;
  private final Clock clock;

  /** With its ports. */
  public RegisterShopper(
      ShopperRepository shoppers,
      Changes changes,
      Transactions transactions,
      MallSettings settings,
      Clock clock) {
    this.shoppers = shoppers;
    this.changes = changes;
    this.transactions = transactions;
    this.settings = settings;
    this.clock = clock;
  }

  /**
   * Registers the shopper.
   *
   * @throws ConflictException if the id is taken
   */
  public Shopper register(Command command) {
    ShopperId id = command.id().map(ShopperId::of).orElseGet(ShopperId::random);
    ZoneId zone = command.timeZone().map(Shopper::parseZone).orElse(null);
    Shopper shopper =
        Shopper.register(
            id,
            command.displayName().orElse(null),
            command.language().orElse(null),
            zone,
            settings.zone(),
            clock.instant());
    transactions.inTransaction(
        () -> {
          if (!shoppers.insert(shopper)) {
            throw new ConflictException("shopper " + id.value() + " exists already");
          }
          changes.shopper(shopper, false, List.of());
          return shopper;
        });
    log.info("shopper registered shopper={}", id.value());
    return shopper;
  }
}
