package io.plantwatch.gateway.collect;

import io.plantwatch.gateway.config.GatewayConfig;
import io.plantwatch.gateway.failure.Failure;
import io.plantwatch.gateway.failure.FailureClassifier;
import io.plantwatch.gateway.failure.FailureListener;
import io.plantwatch.gateway.failure.FatalFailure;
import io.plantwatch.gateway.failure.RetryBudget;
import io.plantwatch.gateway.queue.IntakeBatch;
import io.plantwatch.gateway.queue.StoreAndForwardQueue;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one group to the queue with one disk sync, retrying what may pass (a busy or full disk)
 * within {@code queue.commitRetry}. Until it succeeds the group's messages stay unacknowledged, so
 * the site broker keeps them and sends no more than its in-flight window. When it gives up (retries
 * spent, or a corrupt queue) it throws {@link FatalFailure} and the gateway stops; the broker
 * delivers the messages again after the restart, so nothing is lost and nothing is silent.
 */
final class GroupCommit {
  static final String COMPONENT = "queue_commit";
  private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

  private final Consumer<IntakeBatch> write;
  private final RetryBudget budget;
  private final FailureListener failures;

  /**
   * @param write the queue's synced write ({@link StoreAndForwardQueue#commit})
   */
  GroupCommit(Consumer<IntakeBatch> write, GatewayConfig.Retry retry, FailureListener failures) {
    this.write = write;
    this.budget = RetryBudget.of(retry.maxRetries(), retry.minDelay(), retry.maxDelay());
    this.failures = failures;
  }

  void commit(IntakeBatch batch) throws InterruptedException {
    budget.reset();
    while (true) {
      try {
        write.accept(batch);
        return;
      } catch (StoreAndForwardQueue.QueueException e) {
        Failure f = FailureClassifier.classify(e);
        failures.failed(COMPONENT, f);
        long delay = budget.delayAfter(f);
        if (delay < 0) {
          String why =
              f.retriable()
                  ? "queue write failed " + budget.failures() + " times in a row: " + f.message()
                  : "queue write failed: " + f.message();
          throw new FatalFailure(COMPONENT, new Failure(f.source(), Failure.Verdict.FATAL, why), e);
        }
        log.error(
            "queue write failed ({}); retry {} of {} in {} ms. The messages stay unacknowledged,"
                + " so the site broker keeps them",
            f.message(),
            budget.failures(),
            budget.maxRetries(),
            delay);
        Thread.sleep(delay);
      }
    }
  }
}
