package com.mallquest.mall.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.mallquest.mall.domain.Shopper;
import com.mallquest.mall.domain.ShopperId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

abstract class SchemaContract extends DatabaseContract {

  private static final List<String> TABLES =
      List.of(
          "shoppers",
          "stores",
          "purchases",
          "coin_ledger",
          "api_keys",
          "idempotency_keys",
          "missions",
          "mission_progress",
          "mission_window_stores",
          "mission_completions",
          "companion_species",
          "companions",
          "rewards",
          "redemptions",
          "refunds",
          "xp_ledger");

  @Test
  void migrate_freshDatabase_appliedEveryMigrationAndValidates() {
    var info = database.flyway().info();
    assertThat(info.pending()).isEmpty();
    assertThat(info.applied())
        .extracting(m -> m.getVersion().getVersion())
        .contains("1", "2", "3", "4");
    assertThat(database.flyway().validateWithResult().validationSuccessful).isTrue();
  }

  @Test
  void migrate_again_appliesNothing() {
    assertThat(database.flyway().migrate().migrationsExecuted).isZero();
  }

  @Test
  void tables_afterInjectionLookingWrites_allIntact() {
    Shopper shopper =
        newShopper(ShopperId.random())
            .withProfile(Optional.of(INJECTION), Optional.empty(), Optional.empty());
    shoppers().insert(shopper);
    shoppers().updateProfile(shopper);

    for (String table : TABLES) {
      assertThat(database.jdbc().sql("SELECT COUNT(*) FROM " + table).query(Long.class).single())
          .as(table)
          .isNotNegative();
    }
    assertThat(shoppers().findById(shopper.id()).orElseThrow().displayName()).isEqualTo(INJECTION);
  }
}
