package com.mallquest.mall.adapter.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import org.springframework.http.HttpMethod;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A TRACE is answered by Spring MVC (405 problem+json, the resource's {@code Allow}); the servlet
 * then falls back to {@code HttpServlet.doTrace}, which writes the request back as {@code
 * message/http} (its headers, an API key among them). This filter lets nothing of that echo
 * through: once the response is set to {@code message/http}, its content type, length and body are
 * discarded.
 */
final class TraceEchoFilter extends OncePerRequestFilter {

  private static final String ECHO = "message/http";

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !HttpMethod.TRACE.matches(request.getMethod());
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    chain.doFilter(request, new NoEcho(response));
  }

  /** The response, deaf to everything after a {@code message/http} content type. */
  private static final class NoEcho extends HttpServletResponseWrapper {
    private boolean echoing;

    NoEcho(HttpServletResponse response) {
      super(response);
    }

    @Override
    public void setContentType(String type) {
      if (type != null && type.startsWith(ECHO)) {
        echoing = true;
        return;
      }
      if (!echoing) {
        super.setContentType(type);
      }
    }

    @Override
    public void setContentLength(int length) {
      if (!echoing) {
        super.setContentLength(length);
      }
    }

    @Override
    public void setContentLengthLong(long length) {
      if (!echoing) {
        super.setContentLengthLong(length);
      }
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
      return echoing ? DISCARD : super.getOutputStream();
    }

    @Override
    public PrintWriter getWriter() throws IOException {
      return echoing ? new PrintWriter(Writer.nullWriter()) : super.getWriter();
    }
  }

  private static final ServletOutputStream DISCARD =
      new ServletOutputStream() {
        @Override
        public void write(int b) {
          // discarded
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setWriteListener(WriteListener listener) {
          // never written to
        }
      };
}
