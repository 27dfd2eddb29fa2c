package com.mallquest.mall.adapter.web.problem;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors that never reach a controller (a URL the servlet container or the firewall refuses, an
 * error raised in a filter) are dispatched to {@code /error}; this answers them as problem+json
 * too, with no exception text, whatever the request's {@code Accept} asked for (an error is
 * answered in the one representation errors have: the mapping produces nothing in particular, so it
 * always matches, and the answer presets its content type).
 */
@RestController
class ProblemErrorController implements ErrorController {

  @RequestMapping(path = "/error")
  ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    HttpStatus status =
        code instanceof Integer i && HttpStatus.resolve(i) != null
            ? HttpStatus.valueOf(i)
            : HttpStatus.INTERNAL_SERVER_ERROR;
    return ProblemResponses.entity(
        ProblemResponses.problem(
            status, ProblemResponses.containerDetail(status.value()), request));
  }
}
