package com.mallquest.mall.adapter.web;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * Answers TRACE through Spring MVC and never echoes it. A named class so that its logger can be
 * held at INFO (application.yml): a DispatcherServlet logs each request's URI at DEBUG, query
 * string included, where a client may have put an API key; as a class of ours it would inherit
 * {@code com.mallquest}'s level.
 */
final class TraceAnsweringDispatcherServlet extends DispatcherServlet {
  @Override
  protected void doTrace(HttpServletRequest request, HttpServletResponse response)
      throws ServletException, IOException {
    processRequest(request, response);
  }
}
