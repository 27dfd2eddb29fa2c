package com.mallquest.mall.adapter.web.problem;

import com.mallquest.mall.adapter.web.security.SecurityHeaders;
import java.io.IOException;
import java.io.Writer;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.tomcat.util.res.StringManager;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * Tomcat's error page for requests it refuses before any servlet sees them (an encoded {@code /} or
 * NUL in the path, a malformed request line): problem+json from {@link ProblemResponses} like every
 * other error, instead of Tomcat's HTML page, never a stack trace, and with the security headers
 * every response carries.
 */
public final class ProblemJsonErrorReportValve extends ErrorReportValve {

  private static final StringManager HTTP_STATUS =
      StringManager.getManager("org.apache.catalina.valves");

  @Override
  protected void report(Request request, Response response, Throwable throwable) {
    int status = response.getStatus();
    if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
      return;
    }
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatusCode.valueOf(status), ProblemResponses.containerDetail(status));
    if (HttpStatus.resolve(status) == null) {
      problem.setTitle(titleOf(status));
    }
    // The request line may be too broken to have a path: then the problem has no instance.
    ProblemResponses.complete(problem, request.getRequestURI());
    try {
      response.setContentType("application/problem+json");
      response.setHeader("X-Content-Type-Options", "nosniff");
      response.setHeader("X-Frame-Options", "DENY");
      response.setHeader("Referrer-Policy", "no-referrer");
      response.setHeader("Content-Security-Policy", SecurityHeaders.ERROR_PAGE_CSP);
      response.setHeader("Cache-Control", "no-store");
      response.setCharacterEncoding("UTF-8");
      Writer writer = response.getReporter();
      if (writer != null) {
        writer.write(ProblemResponses.json(problem));
        response.finishResponse();
      }
    } catch (IOException | IllegalStateException e) {
      // The client went away or the response was committed meanwhile: nothing left to tell it.
    }
  }

  private static String titleOf(int status) {
    String reason = HTTP_STATUS.getString("http." + status + ".reason");
    return reason == null || reason.startsWith("http.") ? "Error" : reason.replace("\"", "");
  }
}
