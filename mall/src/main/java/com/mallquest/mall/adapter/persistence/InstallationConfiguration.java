package com.mallquest.mall.adapter.persistence;

import com.mallquest.mall.application.port.InstallationRepository;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The database's identity (ADR 0016), read before the caches are built: after the migrations. */
@Configuration(proxyBeanMethods = false)
public class InstallationConfiguration {

  @Bean
  @DependsOnDatabaseInitialization
  InstallationRepository installationRepository(DataSource dataSource, Clock clock) {
    return new JdbcInstallationRepository(dataSource, clock);
  }
}
