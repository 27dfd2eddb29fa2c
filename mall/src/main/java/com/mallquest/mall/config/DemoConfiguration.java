package com.mallquest.mall.config;

import com.mallquest.mall.application.MallSettings;
import com.mallquest.mall.application.companion.CompanionCatalog;
import com.mallquest.mall.application.mission.ManageMissions;
import com.mallquest.mall.application.outbox.Changes;
import com.mallquest.mall.application.port.CompanionRepository;
import com.mallquest.mall.application.port.MissionCache;
import com.mallquest.mall.application.port.MissionRepository;
import com.mallquest.mall.application.port.PurchaseRepository;
import com.mallquest.mall.application.port.RedemptionRepository;
import com.mallquest.mall.application.port.RefundRepository;
import com.mallquest.mall.application.port.RewardRepository;
import com.mallquest.mall.application.port.ShopperCache;
import com.mallquest.mall.application.port.ShopperRepository;
import com.mallquest.mall.application.port.StoreCache;
import com.mallquest.mall.application.port.StoreRepository;
import com.mallquest.mall.application.port.Transactions;
import com.mallquest.mall.application.purchase.PurchaseCapGuard;
import com.mallquest.mall.application.reward.RewardCatalog;
import com.mallquest.mall.application.shopper.ShopperBlocks;
import com.mallquest.mall.application.store.StoreCatalog;
import java.time.Clock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code --mallquest.demo=true}: seeds a sample mall into an empty database at start-up ({@link
 * DemoMall}); {@code --mallquest.demo-shoppers=N} sets its size (default 3,000).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "mallquest.demo", havingValue = "true")
class DemoConfiguration {

  @Bean
  DemoMall demoMall(
      ShopperRepository shoppers,
      StoreRepository stores,
      PurchaseRepository purchases,
      RewardRepository rewards,
      RedemptionRepository redemptions,
      RefundRepository refunds,
      CompanionRepository companions,
      MissionRepository missionProgress,
      MissionCache missionCache,
      ShopperCache cache,
      StoreCache storeCache,
      Changes changes,
      Transactions transactions,
      MallSettings settings,
      MallQuestProperties properties,
      PurchaseCapGuard caps,
      ShopperBlocks blocks,
      StoreCatalog storeCatalog,
      RewardCatalog rewardCatalog,
      CompanionCatalog speciesCatalog,
      ManageMissions missions,
      Clock clock,
      @Value("${mallquest.demo-shoppers:3000}") int size) {
    return new DemoMall(
        new DemoMall.Parts(
            shoppers,
            stores,
            purchases,
            rewards,
            redemptions,
            refunds,
            companions,
            missionProgress,
            missionCache,
            cache,
            storeCache,
            changes,
            transactions,
            settings,
            properties,
            caps,
            blocks,
            storeCatalog,
            rewardCatalog,
            speciesCatalog,
            missions),
        size,
        clock);
  }

  /** Seeds before the service reports itself ready (runners run before the readiness event). */
  @Bean
  ApplicationRunner demoSeeder(DemoMall demo) {
    return args -> demo.seed();
  }
}
