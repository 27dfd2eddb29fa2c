package com.mallquest.mall.adapter.web;

import org.apache.catalina.core.StandardHost;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.StreamReadFeature;

/** Strict JSON and problem+json even for errors the servlet container raises itself. */
@Configuration(proxyBeanMethods = false)
public class WebServerConfiguration {

  /** A JSON object that names a field twice is refused (400), not silently read as the last one. */
  @Bean
  JsonMapperBuilderCustomizer strictDuplicateDetection() {
    return builder -> builder.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
  }

  @Bean
  WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemJsonErrorReports() {
    return factory -> factory.addContextCustomizers(context -> {
      if (context.getParent() instanceof StandardHost host) {
        host.setErrorReportValveClass(ProblemJsonErrorReportValve.class.getName());
      }
    });
  }
}
