package com.mallquest.mall.adapter.web;

import com.mallquest.mall.adapter.web.problem.ProblemResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Enumeration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers a request whose {@code Accept} header is not a media-type list with 406 problem+json
 * before anything else reads it. Spring's parser throws, for some malformed values (an unbalanced
 * quote such as {@code "a/b"c}), a {@code StringIndexOutOfBoundsException} instead of its {@code
 * InvalidMediaTypeException}, and it does so again while choosing how to render the error, so
 * without this filter such a header turned any error into a 500. Found by {@code
 * HostileInputPropertyTest}.
 */
public final class AcceptHeaderFilter extends OncePerRequestFilter {

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Enumeration<String> accepts = request.getHeaders(HttpHeaders.ACCEPT);
    while (accepts != null && accepts.hasMoreElements()) {
      String accept = accepts.nextElement();
      try {
        MediaType.parseMediaTypes(accept);
      } catch (RuntimeException e) {
        ProblemResponses.write(
            response,
            ProblemResponses.problem(
                HttpStatus.NOT_ACCEPTABLE,
                "The Accept header is not a list of media types; send application/json or */*",
                request));
        return;
      }
    }
    chain.doFilter(request, response);
  }
}
