package com.mallquest.mall.adapter.persistence;

import com.mallquest.mall.application.WakeSignal;
import com.mallquest.mall.application.port.AnalyticsRepository;
import com.mallquest.mall.application.port.ApiKeyRepository;
import com.mallquest.mall.application.port.AuditLogRepository;
import com.mallquest.mall.application.port.CatalogCaches;
import com.mallquest.mall.application.port.ChangeOutbox;
import com.mallquest.mall.application.port.CompanionRepository;
import com.mallquest.mall.application.port.IdempotencyRepository;
import com.mallquest.mall.application.port.LeaderboardRepository;
import com.mallquest.mall.application.port.LedgerRepository;
import com.mallquest.mall.application.port.MissionRepository;
import com.mallquest.mall.application.port.PurchaseCounters;
import com.mallquest.mall.application.port.PurchaseRepository;
import com.mallquest.mall.application.port.ReconciliationRepository;
import com.mallquest.mall.application.port.RedemptionRepository;
import com.mallquest.mall.application.port.RefundRepository;
import com.mallquest.mall.application.port.RewardRepository;
import com.mallquest.mall.application.port.ShopperBlockRepository;
import com.mallquest.mall.application.port.ShopperRepository;
import com.mallquest.mall.application.port.ShopperSearchRepository;
import com.mallquest.mall.application.port.StoreRepository;
import com.mallquest.mall.application.port.Transactions;
import com.mallquest.mall.application.port.XpLedgerRepository;
import com.mallquest.mall.config.MallQuestProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The JDBC adapters of the application's ports. The schema comes from the Flyway migrations in
 * {@code classpath:db/migration}, which run unchanged on H2 (PostgreSQL mode) and PostgreSQL.
 */
@Configuration(proxyBeanMethods = false)
public class PersistenceConfiguration {

  @Bean
  ShopperRepository shopperRepository(DataSource dataSource) {
    return new JdbcShopperRepository(dataSource);
  }

  @Bean
  StoreRepository storeRepository(DataSource dataSource) {
    return new JdbcStoreRepository(dataSource);
  }

  /**
   * Purchases; a new one's credit and outbox changes go in the statement that records it (ADR
   * 0026), through the shopper repository and the outbox of the same database.
   */
  @Bean
  PurchaseRepository purchaseRepository(
      DataSource dataSource, ShopperRepository shopperRepository, ChangeOutbox changeOutbox) {
    if (!(shopperRepository instanceof JdbcShopperRepository shoppers)
        || !(changeOutbox instanceof JdbcChangeOutbox outbox)) {
      throw new IllegalStateException(
          "purchases need the JDBC shoppers and outbox of their own database");
    }
    return new JdbcPurchaseRepository(dataSource, shoppers, outbox);
  }

  @Bean
  LedgerRepository ledgerRepository(DataSource dataSource) {
    return new JdbcLedgerRepository(dataSource);
  }

  @Bean
  RewardRepository rewardRepository(DataSource dataSource) {
    return new JdbcRewardRepository(dataSource);
  }

  @Bean
  RedemptionRepository redemptionRepository(DataSource dataSource) {
    return new JdbcRedemptionRepository(dataSource);
  }

  @Bean
  RefundRepository refundRepository(DataSource dataSource) {
    return new JdbcRefundRepository(dataSource);
  }

  @Bean
  XpLedgerRepository xpLedgerRepository(DataSource dataSource) {
    return new JdbcXpLedgerRepository(dataSource);
  }

  @Bean
  LeaderboardRepository leaderboardRepository(DataSource dataSource) {
    return new JdbcLeaderboardRepository(dataSource);
  }

  @Bean
  AnalyticsRepository analyticsRepository(DataSource dataSource) {
    return new JdbcAnalyticsRepository(dataSource);
  }

  @Bean
  ApiKeyRepository apiKeyRepository(DataSource dataSource) {
    return new JdbcApiKeyRepository(dataSource);
  }

  @Bean
  IdempotencyRepository idempotencyRepository(DataSource dataSource) {
    return new JdbcIdempotencyRepository(dataSource);
  }

  @Bean
  MissionRepository missionRepository(DataSource dataSource) {
    return new JdbcMissionRepository(dataSource);
  }

  @Bean
  CompanionRepository companionRepository(DataSource dataSource) {
    return new JdbcCompanionRepository(dataSource);
  }

  @Bean
  PurchaseCounters purchaseCounters(DataSource dataSource) {
    return new JdbcPurchaseCounters(dataSource);
  }

  @Bean
  ReconciliationRepository reconciliationRepository(DataSource dataSource) {
    return new JdbcReconciliationRepository(dataSource);
  }

  /** The transactional outbox; a commit that appended changes wakes this instance's relay. */
  @Bean
  ChangeOutbox changeOutbox(
      DataSource dataSource,
      PlatformTransactionManager transactionManager,
      Clock clock,
      @Qualifier("relaySignal") WakeSignal relaySignal) {
    return new JdbcChangeOutbox(dataSource, transactionManager, clock, relaySignal::wake);
  }

  @Bean
  ShopperBlockRepository shopperBlockRepository(DataSource dataSource) {
    return new JdbcShopperBlockRepository(dataSource);
  }

  @Bean
  ShopperSearchRepository shopperSearchRepository(
      DataSource dataSource, ShopperRepository shoppers) {
    return new JdbcShopperSearchRepository(dataSource, shoppers);
  }

  @Bean
  AuditLogRepository auditLogRepository(DataSource dataSource) {
    return new JdbcAuditLogRepository(dataSource);
  }

  /**
   * Over the transaction manager Spring Boot configures for the DataSource; with group commit on,
   * its meters ({@link GroupCommitMeters}).
   */
  @Bean
  Transactions transactions(
      PlatformTransactionManager transactionManager,
      ObjectProvider<CatalogCaches> catalogs,
      MallQuestProperties properties,
      MeterRegistry registry) {
    // Looked up when a write fails on a stale catalog entry: the caches are built on the
    // repositories.
    JdbcTransactions transactions =
        new JdbcTransactions(transactionManager, () -> catalogs.getObject().dropAll());
    MallQuestProperties.GroupCommit group = properties.groupCommit();
    if (!group.enabled()) {
      return transactions;
    }
    transactions.withGroupCommit(
        group.writers(), group.maxBatch(), group.stallAfter(), new GroupCommitMeters(registry));
    GroupCommitMeters.registerQueued(registry, transactions, t -> t.groupCommit().queued());
    return transactions;
  }
}
