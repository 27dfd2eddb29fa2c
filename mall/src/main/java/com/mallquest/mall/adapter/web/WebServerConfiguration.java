package com.mallquest.mall.adapter.web;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.apache.catalina.core.StandardHost;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
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
        builder.withCoercionConfig(numeric, config -> config
            .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
            .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail));
      }
    };
  }

  @Bean
  WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemJsonErrorReports() {
    return factory -> factory.addContextCustomizers(context -> {
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
   * ...and let Spring MVC answer it, as Boot's own DispatcherServlet bean would be set up, but
   * whose TRACE never falls through to {@code HttpServlet.doTrace}: that would echo the request, its
   * {@code X-Api-Key} included, after the 405. No handler maps TRACE, so it is a 405.
   */
  @Bean(name = DispatcherServletAutoConfiguration.DEFAULT_DISPATCHER_SERVLET_BEAN_NAME)
  DispatcherServlet dispatcherServlet(WebMvcProperties mvc) {
    DispatcherServlet dispatcher = new DispatcherServlet() {
      @Override
      protected void doTrace(HttpServletRequest request, HttpServletResponse response)
          throws ServletException, IOException {
        processRequest(request, response);
      }
    };
    dispatcher.setDispatchOptionsRequest(mvc.isDispatchOptionsRequest());
    dispatcher.setDispatchTraceRequest(true);
    dispatcher.setPublishEvents(mvc.isPublishRequestHandledEvents());
    dispatcher.setEnableLoggingRequestDetails(mvc.isLogRequestDetails());
    return dispatcher;
  }
}
