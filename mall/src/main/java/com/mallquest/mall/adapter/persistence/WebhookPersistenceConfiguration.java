package com.mallquest.mall.adapter.persistence;

import com.mallquest.mall.application.WakeSignal;
import com.mallquest.mall.application.port.WebhookRepository;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/** The JDBC adapter of the webhook port (ADR 0020). */
@Configuration(proxyBeanMethods = false)
public class WebhookPersistenceConfiguration {

  /** A commit that inserted deliveries wakes this instance's delivery worker. */
  @Bean
  WebhookRepository webhookRepository(
      DataSource dataSource,
      PlatformTransactionManager transactionManager,
      @Qualifier("webhookSignal") WakeSignal webhookSignal) {
    return new JdbcWebhookRepository(dataSource, transactionManager, webhookSignal::wake);
  }
}
