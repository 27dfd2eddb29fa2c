package com.mallquest.mall.adapter.web;

import com.mallquest.mall.application.audit.AuditTrail;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Puts the {@link AuditInterceptor} in front of the API's handlers. */
@Configuration(proxyBeanMethods = false)
class AuditConfiguration implements WebMvcConfigurer {

  private final AuditTrail trail;

  AuditConfiguration(AuditTrail trail) {
    this.trail = trail;
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry.addInterceptor(new AuditInterceptor(trail)).addPathPatterns("/api/**");
  }
}
