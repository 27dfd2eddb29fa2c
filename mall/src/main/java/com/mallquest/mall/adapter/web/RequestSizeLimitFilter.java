package com.mallquest.mall.adapter.web;

import com.mallquest.mall.adapter.web.problem.ProblemResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies larger than the limit with 413: at once when {@code Content-Length} says
 * so, and while reading for chunked bodies (the read fails with {@link BodyTooLargeException},
 * which the exception handler turns into 413). Endpoints that stream their body (the bulk import)
 * are left out: they enforce their own, larger limit as they read.
 */
public final class RequestSizeLimitFilter extends OncePerRequestFilter {

  private final long maxBytes;
  private final Set<String> streamingPostPaths;

  /**
   * @param maxBytes the limit
   * @param streamingPostPaths paths whose POST bodies stream, exactly as the request URI spells
   *     them (any other spelling stays under the limit)
   */
  public RequestSizeLimitFilter(long maxBytes, Set<String> streamingPostPaths) {
    this.maxBytes = maxBytes;
    this.streamingPostPaths = Set.copyOf(streamingPostPaths);
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return "POST".equals(request.getMethod())
        && streamingPostPaths.contains(
            request.getRequestURI().substring(request.getContextPath().length()));
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (request.getContentLengthLong() > maxBytes) {
      ProblemResponses.write(
          response,
          ProblemResponses.problem(
              HttpStatus.CONTENT_TOO_LARGE,
              "The request body is larger than " + maxBytes + " bytes",
              request));
      return;
    }
    chain.doFilter(new LimitedRequest(request, maxBytes), response);
  }

  /** A body read past the limit. */
  public static final class BodyTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    BodyTooLargeException(long maxBytes) {
      super("The request body is larger than " + maxBytes + " bytes");
    }
  }

  private static final class LimitedRequest extends HttpServletRequestWrapper {
    private final long maxBytes;
    private ServletInputStream stream;

    LimitedRequest(HttpServletRequest request, long maxBytes) {
      super(request);
      this.maxBytes = maxBytes;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (stream == null) {
        stream = new LimitedStream(super.getInputStream(), maxBytes);
      }
      return stream;
    }
  }

  /**
   * Counts the bytes read and fails past the limit (also used by the bulk import for its own
   * limit).
   */
  public static final class LimitedInputStream extends FilterInputStream {
    private final long maxBytes;
    private long read;

    public LimitedInputStream(InputStream in, long maxBytes) {
      super(in);
      this.maxBytes = maxBytes;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int off, int len) throws IOException {
      int n = in.read(buffer, off, len);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    private void count(int n) throws BodyTooLargeException {
      read += n;
      if (read > maxBytes) {
        throw new BodyTooLargeException(maxBytes);
      }
    }
  }

  /** The servlet stream, its reads counted by a {@link LimitedInputStream}. */
  private static final class LimitedStream extends ServletInputStream {
    private final ServletInputStream in;
    private final LimitedInputStream limited;

    LimitedStream(ServletInputStream in, long maxBytes) {
      this.in = in;
      this.limited = new LimitedInputStream(in, maxBytes);
    }

    @Override
    public int read() throws IOException {
      return limited.read();
    }

    @Override
    public int read(byte[] buffer, int off, int len) throws IOException {
      return limited.read(buffer, off, len);
    }

    @Override
    public boolean isFinished() {
      return in.isFinished();
    }

    @Override
    public boolean isReady() {
      return in.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
      in.setReadListener(listener);
    }
  }
}
