package com.mallquest.mall.config;

import com.mallquest.mall.application.apikey.ApiKeys;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * At start-up: makes sure an ADMIN key exists, then prints the URL and, the one time a key was
 * generated, that key (it is stored hashed and cannot be shown again).
 */
@Component
class StartupReport implements ApplicationListener<WebServerInitializedEvent> {

  private static final Logger log = LoggerFactory.getLogger(StartupReport.class);

  private final ApiKeys apiKeys;
  private final MallQuestProperties properties;

  StartupReport(ApiKeys apiKeys, MallQuestProperties properties) {
    this.apiKeys = apiKeys;
    this.properties = properties;
  }

  @Override
  public void onApplicationEvent(WebServerInitializedEvent event) {
    Optional<String> configured =
        Optional.ofNullable(properties.security().adminKey()).filter(k -> !k.isBlank());
    Optional<String> generated = apiKeys.bootstrapAdmin(configured);
    int port = event.getWebServer().getPort();
    log.info("MallQuest is running at http://localhost:{}/api/v1", port);
    generated.ifPresent(
        key ->
            log.warn(
                "Generated the first ADMIN key (shown once, stored hashed): {} -- set mallquest.security.admin-key to choose your own",
                key));
  }
}
