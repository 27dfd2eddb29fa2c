package com.mallquest.mall;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;

/** The MallQuest service. */
// No user/password login: callers authenticate with API keys only.
@SpringBootApplication(exclude = UserDetailsServiceAutoConfiguration.class)
@ConfigurationPropertiesScan
public class MallQuestApplication {

  /** Starts the service. */
  public static void main(String[] args) {
    SpringApplication.run(MallQuestApplication.class, args);
  }
}
