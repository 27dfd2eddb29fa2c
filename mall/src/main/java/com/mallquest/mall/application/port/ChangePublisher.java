package com.mallquest.mall.application.port;

import java.util.List;

/**
 * Delivers outbox changes of some kinds to where they must go (a cache's shared tier, the
 * leaderboards, event consumers). Publishing is idempotent: a change may be published more than
 * once (after a crash between the publication and the outbox's commit), and a publisher must never
 * let an older state replace a newer one.
 */
public interface ChangePublisher {

  /**
   * Publishes the batch's changes of the kinds this publisher handles (it ignores the others).
   *
   * @return true if they reached their destination (or there is none to reach); false if the
   *     destination is unreachable now and the changes must be published again later
   */
  boolean publish(List<ChangeOutbox.Pending> batch);
}
