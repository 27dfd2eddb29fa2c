package com.mallquest.mall.config;

import com.mallquest.mall.application.MallSettings;
import com.mallquest.mall.application.WakeSignal;
import com.mallquest.mall.application.analytics.Analytics;
import com.mallquest.mall.application.apikey.ApiKeys;
import com.mallquest.mall.application.audit.AuditTrail;
import com.mallquest.mall.application.companion.ActivateCompanion;
import com.mallquest.mall.application.companion.BuyCompanion;
import com.mallquest.mall.application.companion.CompanionCatalog;
import com.mallquest.mall.application.companion.CompanionGrowth;
import com.mallquest.mall.application.companion.ListCompanions;
import com.mallquest.mall.application.idempotency.IdempotentRequests;
import com.mallquest.mall.application.mission.ListShopperMissions;
import com.mallquest.mall.application.mission.ManageMissions;
import com.mallquest.mall.application.mission.ProgressTracker;
import com.mallquest.mall.application.operations.Reconciliation;
import com.mallquest.mall.application.outbox.Changes;
import com.mallquest.mall.application.port.AnalyticsRepository;
import com.mallquest.mall.application.port.ApiKeyRepository;
import com.mallquest.mall.application.port.AuditLogRepository;
import com.mallquest.mall.application.port.ChangeOutbox;
import com.mallquest.mall.application.port.CompanionRepository;
import com.mallquest.mall.application.port.IdempotencyRepository;
import com.mallquest.mall.application.port.LeaderboardCache;
import com.mallquest.mall.application.port.LeaderboardRepository;
import com.mallquest.mall.application.port.LedgerRepository;
import com.mallquest.mall.application.port.MissionCache;
import com.mallquest.mall.application.port.MissionRepository;
import com.mallquest.mall.application.port.PurchaseCounters;
import com.mallquest.mall.application.port.PurchaseRepository;
import com.mallquest.mall.application.port.ReconciliationRepository;
import com.mallquest.mall.application.port.RedemptionRepository;
import com.mallquest.mall.application.port.RefundRepository;
import com.mallquest.mall.application.port.RewardRepository;
import com.mallquest.mall.application.port.ShopperBlockRepository;
import com.mallquest.mall.application.port.ShopperCache;
import com.mallquest.mall.application.port.ShopperRepository;
import com.mallquest.mall.application.port.ShopperSearchRepository;
import com.mallquest.mall.application.port.StoreCache;
import com.mallquest.mall.application.port.StoreRepository;
import com.mallquest.mall.application.port.Transactions;
import com.mallquest.mall.application.purchase.ListShopperActivity;
import com.mallquest.mall.application.purchase.PurchaseCapGuard;
import com.mallquest.mall.application.purchase.RecordPurchase;
import com.mallquest.mall.application.purchase.RefundPurchase;
import com.mallquest.mall.application.reward.RedeemReward;
import com.mallquest.mall.application.reward.RewardCatalog;
import com.mallquest.mall.application.shopper.AdjustCoins;
import com.mallquest.mall.application.shopper.CheckIn;
import com.mallquest.mall.application.shopper.FindShoppers;
import com.mallquest.mall.application.shopper.GetShopper;
import com.mallquest.mall.application.shopper.ImportShoppers;
import com.mallquest.mall.application.shopper.RegisterShopper;
import com.mallquest.mall.application.shopper.ShopperBlocks;
import com.mallquest.mall.application.shopper.UpdateShopperProfile;
import com.mallquest.mall.application.store.StoreCatalog;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Currency;
import java.util.Optional;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The use cases, built from the ports the adapters provide. */
@Configuration(proxyBeanMethods = false)
public class ServiceConfiguration {

  /**
   * Ticks in microseconds, the finest time both databases store: a value written to the cache right
   * after a commit then equals the row read back later.
   */
  @Bean
  Clock clock() {
    return Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));
  }

  @Bean
  MallSettings mallSettings(MallQuestProperties properties) {
    Currency currency;
    ZoneId zone;
    try {
      currency = Currency.getInstance(properties.currency());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          "mallquest.currency is not an ISO 4217 code: " + properties.currency(), e);
    }
    try {
      zone = ZoneId.of(properties.timeZone());
    } catch (DateTimeException e) {
      throw new IllegalStateException(
          "mallquest.time-zone is not an IANA zone id: " + properties.timeZone(), e);
    }
    return new MallSettings(currency, zone, properties.rules().toEarningRules());
  }

  /** Wakes the outbox relay after a commit that appended changes. */
  @Bean
  WakeSignal relaySignal() {
    return new WakeSignal();
  }

  @Bean
  Changes changes(
      ChangeOutbox outbox,
      Transactions tx,
      ShopperCache shoppers,
      StoreCache stores,
      MissionCache missions) {
    return new Changes(outbox, tx, shoppers, stores, missions);
  }

  @Bean
  RegisterShopper registerShopper(
      ShopperRepository shoppers,
      Changes changes,
      Transactions tx,
      MallSettings settings,
      Clock clock) {
    return new RegisterShopper(shoppers, changes, tx, settings, clock);
  }

  @Bean
  ImportShoppers importShoppers(
      ShopperRepository shoppers,
      Changes changes,
      Transactions tx,
      MallSettings settings,
      Clock clock,
      MallQuestProperties properties) {
    MallQuestProperties.Import imports = properties.imports();
    return new ImportShoppers(
        shoppers,
        changes,
        tx,
        settings,
        clock,
        new ImportShoppers.Settings(
            imports.batchSize(), imports.progressEveryRows(), imports.maxErrorsListed()));
  }

  @Bean
  GetShopper getShopper(ShopperCache cache) {
    return new GetShopper(cache);
  }

  @Bean
  UpdateShopperProfile updateShopperProfile(
      ShopperRepository shoppers, Changes changes, Transactions tx) {
    return new UpdateShopperProfile(shoppers, changes, tx);
  }

  @Bean
  CheckIn checkIn(
      ShopperRepository shoppers,
      Changes changes,
      Transactions tx,
      MallSettings settings,
      Clock clock,
      ProgressTracker progress,
      ShopperBlocks blocks) {
    return new CheckIn(shoppers, changes, tx, settings, clock, progress, blocks);
  }

  @Bean
  RecordPurchase recordPurchase(
      ShopperRepository shoppers,
      ShopperCache shopperCache,
      StoreCache stores,
      PurchaseRepository purchases,
      Changes changes,
      Transactions tx,
      MallSettings settings,
      Clock clock,
      PurchaseCapGuard caps,
      ProgressTracker progress) {
    return new RecordPurchase(
        shoppers, shopperCache, stores, purchases, changes, tx, settings, clock, caps, progress);
  }

  @Bean
  PurchaseCapGuard purchaseCapGuard(
      MallQuestProperties properties, PurchaseCounters counters, MallSettings settings) {
    return new PurchaseCapGuard(
        properties.rules().caps().toPurchaseCaps(), counters, settings.zone());
  }

  @Bean
  ProgressTracker progressTracker(
      MissionCache missions,
      MissionRepository progress,
      ShopperRepository shoppers,
      MallSettings settings,
      CompanionGrowth companions) {
    return new ProgressTracker(missions, progress, shoppers, settings, companions);
  }

  @Bean
  ManageMissions manageMissions(
      MissionRepository missions,
      StoreRepository stores,
      MissionCache cache,
      CompanionCatalog species,
      Changes changes,
      Transactions tx) {
    return new ManageMissions(missions, stores, cache, species::exists, changes, tx);
  }

  @Bean
  CompanionGrowth companionGrowth(CompanionRepository companions, MallQuestProperties properties) {
    return new CompanionGrowth(
        companions,
        properties.rules().companionMilestonesOrEmpty(),
        properties.rules().companionCheckInXp());
  }

  @Bean
  BuyCompanion buyCompanion(
      CompanionRepository companions,
      ShopperRepository shoppers,
      Changes changes,
      Transactions tx,
      Clock clock) {
    return new BuyCompanion(companions, shoppers, changes, tx, clock);
  }

  @Bean
  ActivateCompanion activateCompanion(
      CompanionRepository companions, ShopperRepository shoppers, Transactions tx) {
    return new ActivateCompanion(companions, shoppers, tx);
  }

  @Bean
  ListCompanions listCompanions(CompanionRepository companions, ShopperCache cache) {
    return new ListCompanions(companions, cache);
  }

  @Bean
  CompanionCatalog companionCatalog(CompanionRepository companions) {
    return new CompanionCatalog(companions);
  }

  @Bean
  ListShopperMissions listShopperMissions(
      ShopperCache shoppers,
      MissionCache missions,
      MissionRepository progress,
      MallSettings settings,
      Clock clock) {
    return new ListShopperMissions(shoppers, missions, progress, settings, clock);
  }

  @Bean
  ListShopperActivity listShopperActivity(
      ShopperRepository shoppers, PurchaseRepository purchases, LedgerRepository ledger) {
    return new ListShopperActivity(shoppers, purchases, ledger);
  }

  @Bean
  StoreCatalog storeCatalog(
      StoreRepository stores, StoreCache cache, Changes changes, Transactions tx) {
    return new StoreCatalog(stores, cache, changes, tx);
  }

  @Bean
  RewardCatalog rewardCatalog(RewardRepository rewards) {
    return new RewardCatalog(rewards);
  }

  @Bean
  RedeemReward redeemReward(
      ShopperRepository shoppers,
      RewardRepository rewards,
      RedemptionRepository redemptions,
      Changes changes,
      Transactions tx,
      Clock clock,
      ShopperBlocks blocks) {
    return new RedeemReward(shoppers, rewards, redemptions, changes, tx, clock, blocks);
  }

  @Bean
  RefundPurchase refundPurchase(
      ShopperRepository shoppers,
      PurchaseRepository purchases,
      RefundRepository refunds,
      Changes changes,
      Transactions tx,
      MallSettings settings,
      Clock clock) {
    return new RefundPurchase(shoppers, purchases, refunds, changes, tx, settings, clock);
  }

  @Bean
  Analytics analytics(AnalyticsRepository analytics, MallSettings settings) {
    return new Analytics(analytics, settings);
  }

  @Bean
  ApiKeys apiKeys(
      ApiKeyRepository keys, StoreRepository stores, Clock clock, MallQuestProperties properties) {
    return new ApiKeys(keys, stores, clock, Optional.ofNullable(properties.security().keyTtl()));
  }

  @Bean
  IdempotentRequests idempotentRequests(
      IdempotencyRepository entries, Clock clock, MallQuestProperties properties) {
    MallQuestProperties.Idempotency settings = properties.idempotency();
    return new IdempotentRequests(entries, clock, settings.retention(), settings.inFlightTimeout());
  }

  /** The check compares the Redis tier and boards too, when they are configured. */
  @Bean
  ShopperBlocks shopperBlocks(
      ShopperBlockRepository blocks, ShopperRepository shoppers, Clock clock) {
    return new ShopperBlocks(blocks, shoppers, clock);
  }

  @Bean
  AdjustCoins adjustCoins(
      ShopperRepository shoppers, Changes changes, Transactions tx, Clock clock) {
    return new AdjustCoins(shoppers, changes, tx, clock);
  }

  @Bean
  FindShoppers findShoppers(ShopperRepository shoppers, ShopperSearchRepository search) {
    return new FindShoppers(shoppers, search);
  }

  @Bean
  AuditTrail auditTrail(AuditLogRepository log, ApiKeyRepository keys, Clock clock) {
    return new AuditTrail(log, keys, clock);
  }

  @Bean
  Reconciliation reconciliation(
      ReconciliationRepository repository,
      MallSettings settings,
      ShopperCache shopperCache,
      ShopperRepository shoppers,
      LeaderboardCache leaderboardCache,
      LeaderboardRepository leaderboards,
      ChangeOutbox outbox,
      Transactions tx,
      Clock clock) {
    return new Reconciliation(
        repository,
        settings,
        new Reconciliation.Tiers(
            shopperCache, shoppers, leaderboardCache, leaderboards, outbox, tx, clock),
        Reconciliation.DEFAULT_PAGE_SIZE,
        Reconciliation.DEFAULT_MAX_LISTED);
  }
}
