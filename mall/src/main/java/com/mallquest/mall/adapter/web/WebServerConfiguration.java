package com.mallquest.mall.adapter.web;

import com.mallquest.mall.adapter.web.problem.ProblemJsonErrorReportValve;
import org.apache.catalina.core.StandardHost;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.DispatcherServlet;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;

/** Strict JSON and problem+json even for errors the servlet container raises itself. */
@Configuration(proxyBeanMethods = false)
public class WebServerConfiguration {

  /** A JSON object that names a field twice is refused (400), not silently read as the last one. */
  @Bean
  JsonMapperBuilderCustomizer strictDuplicateDetection() {
    return builder -> builder.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
  }

  /**
   * A number is a JSON number: {@code "amountMinor": "100"} is refused (400 naming the field) for
   * every integer and decimal field, as {@code 12.5} for an integer field and {@code 1e3} are. By
   * default Jackson would parse the string.
   */
  @Bean
  JsonMapperBuilderCustomizer numbersAreNotStrings() {
    return builder -> {
      for (LogicalType numeric : new LogicalType[] {LogicalType.Integer, LogicalType.Float}) {
        builder.withCoercionConfig(
            numeric,
            config ->
                config
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail));
      }
    };
  }

  @Bean
  WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemJsonErrorReports() {
    return factory ->
        factory.addContextCustomizers(
            context -> {
              if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(ProblemJsonErrorReportValve.class.getName());
              }
            });
  }

  /**
   * TRACE is answered like any other method no endpoint has: 405 problem+json with the resource's
   * own {@code Allow} and the security headers. Tomcat's connector would refuse it itself (its
   * generic {@code Allow}, no filter run, so no security headers); let it through to Spring MVC...
   */
  @Bean
  WebServerFactoryCustomizer<TomcatServletWebServerFactory> traceReachesSpringMvc() {
    return factory -> factory.addConnectorCustomizers(connector -> connector.setAllowTrace(true));
  }

  /**
   * ...and let Spring MVC answer it (Boot's DispatcherServlet, only told to dispatch TRACE). After
   * a dispatched TRACE that no handler produced {@code message/http} for, the servlet falls back to
   * {@code HttpServlet.doTrace}, which would echo the request, its {@code X-Api-Key} included,
   * after the 405: {@link #traceEchoFilter()} discards that echo.
   */
  @Bean
  static BeanPostProcessor dispatchTraceRequests() {
    return new BeanPostProcessor() {
      @Override
      public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof DispatcherServlet dispatcher) {
          dispatcher.setDispatchTraceRequest(true);
        }
        return bean;
      }
    };
  }

  /** Discards {@code HttpServlet.doTrace}'s echo of a TRACE request (see above). */
  @Bean
  FilterRegistrationBean<TraceEchoFilter> traceEchoFilter() {
    FilterRegistrationBean<TraceEchoFilter> registration =
        new FilterRegistrationBean<>(new TraceEchoFilter());
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 4);
    return registration;
  }
}
