package io.plantwatch.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class HandoffTest {
  private static Arrival arrival(int id) {
    return new Arrival("t", new byte[0], id, 1, false, 0, a -> true, null, null);
  }

  @Test
  void aFullHandoffHoldsTheProducerUntilPollTakesAMessage() throws Exception {
    Handoff handoff = new Handoff(2);
    assertThat(handoff.put(arrival(1))).isTrue();
    assertThat(handoff.put(arrival(2))).isTrue();

    CompletableFuture<Boolean> third = CompletableFuture.supplyAsync(() -> handoff.put(arrival(3)));
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(handoff.depth()).isEqualTo(2));
    assertThat(third).isNotDone();

    assertThat(handoff.next(1000).messageId()).isEqualTo(1);
    assertThat(third.get()).isTrue();
    assertThat(handoff.nextNow().messageId()).isEqualTo(2);
    assertThat(handoff.nextNow().messageId()).isEqualTo(3);
    assertThat(handoff.nextNow()).isNull();
    assertThat(handoff.capacity()).isEqualTo(2);
  }

  @Test
  void closingReleasesAWaitingProducerWithoutQueueingItsMessage() throws Exception {
    Handoff handoff = new Handoff(1);
    handoff.put(arrival(1));
    CompletableFuture<Boolean> blocked =
        CompletableFuture.supplyAsync(() -> handoff.put(arrival(2)));
    handoff.close();
    assertThat(blocked.get()).isFalse();
    assertThat(handoff.depth()).isZero();
  }
}
