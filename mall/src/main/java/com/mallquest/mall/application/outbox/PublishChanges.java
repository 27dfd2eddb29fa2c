package com.mallquest.mall.application.outbox;

import com.mallquest.mall.application.port.ChangeOutbox;
import com.mallquest.mall.application.port.ChangeOutbox.Drained;
import com.mallquest.mall.application.port.ChangeOutbox.Pending;
import com.mallquest.mall.application.port.ChangePublisher;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One step of the outbox relay: claim a batch of pending changes, hand it to every publisher
 * (caches, leaderboards, event consumers), and remove it only if all of them delivered it. A
 * publisher that fails or throws leaves the whole batch pending; publishing again is harmless
 * because every publisher is idempotent and version-ordered.
 */
public final class PublishChanges {

  private static final Logger log = LoggerFactory.getLogger(PublishChanges.class);

  private final ChangeOutbox outbox;
  private final List<ChangePublisher> publishers;
  private final int batchSize;

  /**
   * @param batchSize the most changes claimed at once
   */
  public PublishChanges(ChangeOutbox outbox, List<ChangePublisher> publishers, int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be positive, was " + batchSize);
    }
    this.outbox = outbox;
    this.publishers = List.copyOf(publishers);
    this.batchSize = batchSize;
  }

  /** The most changes one step claims. */
  public int batchSize() {
    return batchSize;
  }

  /** Publishes one batch; see {@link ChangeOutbox#drain}. */
  public Drained publishOnce() {
    return outbox.drain(batchSize, this::publish);
  }

  private boolean publish(List<Pending> batch) {
    boolean all = true;
    for (ChangePublisher publisher : publishers) {
      try {
        all &= publisher.publish(batch);
      } catch (RuntimeException e) {
        log.warn(
            "outbox publisher {} failed, {} changes stay pending: {}",
            publisher.getClass().getSimpleName(),
            batch.size(),
            e.toString());
        all = false;
      }
    }
    return all;
  }
}
