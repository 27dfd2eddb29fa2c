package com.mallquest.mall.adapter.leaderboard;

import com.mallquest.mall.application.port.LeaderboardUpdates;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Leaderboards: database queries, and Redis sorted sets when Redis is configured. */
@Configuration(proxyBeanMethods = false)
public class LeaderboardConfiguration {

  @Bean
  LeaderboardUpdates leaderboardUpdates() {
    return shopperId -> { };
  }
}
