package com.mallquest.mall;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The MallQuest service. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class MallQuestApplication {

  /** Starts the service. */
  public static void main(String[] args) {
    SpringApplication.run(MallQuestApplication.class, args);
  }
}
