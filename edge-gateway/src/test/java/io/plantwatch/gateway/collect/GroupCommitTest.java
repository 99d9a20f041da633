package io.plantwatch.gateway.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.plantwatch.gateway.config.GatewayConfig;
import io.plantwatch.gateway.failure.Failure;
import io.plantwatch.gateway.failure.FatalFailure;
import io.plantwatch.gateway.queue.IntakeBatch;
import io.plantwatch.gateway.queue.StoreAndForwardQueue.QueueException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;

class GroupCommitTest {
  private static final GatewayConfig.Retry THREE_RETRIES =
      new GatewayConfig.Retry(3, Duration.ofMillis(1), Duration.ofMillis(2));

  private final List<String> failures = new ArrayList<>();

  private static QueueException failure(Status.Code code, Status.SubCode sub, String text) {
    return new QueueException(
        "queue write failed: " + text, new RocksDBException(text, new Status(code, sub, text)));
  }

  private GroupCommit commit(List<RuntimeException> outcomes, List<IntakeBatch> written) {
    return new GroupCommit(
        batch -> {
          if (!outcomes.isEmpty()) {
            throw outcomes.remove(0);
          }
          written.add(batch);
        },
        THREE_RETRIES,
        (component, f) -> failures.add(component + " " + f.verdict()));
  }

  @Test
  void aPassingFailureIsRetriedAndCounted() throws Exception {
    List<IntakeBatch> written = new ArrayList<>();
    IntakeBatch batch = new IntakeBatch();
    commit(
            new ArrayList<>(
                List.of(
                    failure(Status.Code.Busy, Status.SubCode.None, "busy"),
                    failure(Status.Code.IOError, Status.SubCode.NoSpace, "No space left"))),
            written)
        .commit(batch);
    assertThat(written).containsExactly(batch);
    assertThat(failures).containsExactly("queue_commit TRANSIENT", "queue_commit OPERATOR");
  }

  @Test
  void aFailureThatStaysStopsTheGatewayAfterTheRetries() {
    List<RuntimeException> outcomes = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      outcomes.add(failure(Status.Code.IOError, Status.SubCode.NoSpace, "No space left"));
    }
    List<IntakeBatch> written = new ArrayList<>();
    assertThatThrownBy(() -> commit(outcomes, written).commit(new IntakeBatch()))
        .isInstanceOf(FatalFailure.class)
        .hasMessageContaining("queue write failed 4 times in a row")
        .hasMessageContaining("the disk holding the queue is full")
        .satisfies(
            e ->
                assertThat(((FatalFailure) e).failure().verdict())
                    .isEqualTo(Failure.Verdict.FATAL));
    assertThat(written).isEmpty();
    assertThat(failures).hasSize(4);
  }

  @Test
  void aCorruptQueueStopsAtOnce() {
    List<IntakeBatch> written = new ArrayList<>();
    assertThatThrownBy(
            () ->
                commit(
                        new ArrayList<>(
                            List.of(failure(Status.Code.Corruption, Status.SubCode.None, "crc"))),
                        written)
                    .commit(new IntakeBatch()))
        .isInstanceOf(FatalFailure.class)
        .hasMessageContaining("queue write failed: the queue is corrupt");
    assertThat(failures).containsExactly("queue_commit FATAL");
  }
}
