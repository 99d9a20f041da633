package io.plantwatch.analytics.influx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.influxdb.exceptions.InfluxException;
import io.plantwatch.analytics.retry.RetryPolicy;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetryingWriterTest {
  private static final List<String> POINTS = List.of("m v=1 1", "m v=2 2");
  private static final RetryPolicy POLICY =
      new RetryPolicy(4, Duration.ofSeconds(1), Duration.ofSeconds(3));

  /** Fails with the queued errors, then accepts; remembers what it accepted. */
  static final class ScriptedWriter implements PointWriter {
    final Deque<RuntimeException> failures = new ArrayDeque<>();
    final List<List<String>> accepted = new ArrayList<>();
    int attempts;

    ScriptedWriter failWith(RuntimeException... errors) {
      failures.addAll(List.of(errors));
      return this;
    }

    @Override
    public void write(Points points) {
      attempts++;
      if (!failures.isEmpty()) {
        throw failures.removeFirst();
      }
      accepted.add(points.lines());
    }

    @Override
    public void close() {}
  }

  private final List<Duration> waits = new ArrayList<>();

  private RetryingWriter writer(ScriptedWriter target) {
    return new RetryingWriter(target, POLICY, waits::add, "http://influx:8086");
  }

  @Test
  void retriableFailuresWaitWithDoublingBackoffAndTheWriteSucceeds() {
    ScriptedWriter target =
        new ScriptedWriter()
            .failWith(
                WriteFailureTest.answered(503),
                new InfluxException(new ConnectException("refused")),
                WriteFailureTest.answered(429));
    writer(target).write(Points.of(POINTS));
    assertThat(target.accepted).containsExactly(POINTS);
    assertThat(target.attempts).isEqualTo(4);
    assertThat(waits)
        .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3));
  }

  @Test
  void aFatalFailureIsNotRetried() {
    ScriptedWriter target = new ScriptedWriter().failWith(WriteFailureTest.answered(400));
    assertThatThrownBy(() -> writer(target).write(Points.of(POINTS)))
        .isInstanceOf(SinkWriteException.class)
        .hasMessageStartingWith("http://influx:8086 refused 2 points: ");
    assertThat(target.attempts).isEqualTo(1);
    assertThat(waits).isEmpty();
  }

  @Test
  void afterMaxAttemptsTheWriteFailsSoTheBatchFails() {
    ScriptedWriter target = new ScriptedWriter();
    for (int i = 0; i < 10; i++) {
      target.failWith(WriteFailureTest.answered(503));
    }
    assertThatThrownBy(() -> writer(target).write(Points.of(POINTS)))
        .isInstanceOf(SinkWriteException.class)
        .hasMessageStartingWith(
            "http://influx:8086 did not take 2 points in 4 attempts; the micro-batch fails and is"
                + " replayed from the checkpoint");
    assertThat(target.attempts).isEqualTo(4);
    assertThat(target.accepted).isEmpty();
    assertThat(waits).hasSize(3);
  }

  @Test
  void theServersRetryAfterIsHonouredUpToTheCap() {
    RetryingWriter w = writer(new ScriptedWriter());
    assertThat(w.waitAfter(1, WriteFailureTest.answered(429, "Retry-After", "2")))
        .isEqualTo(Duration.ofSeconds(2));
    assertThat(w.waitAfter(1, WriteFailureTest.answered(429, "Retry-After", "60")))
        .isEqualTo(Duration.ofSeconds(3));
    assertThat(w.waitAfter(2, WriteFailureTest.answered(503))).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void anInterruptedWaitStopsRetryingAndKeepsTheInterrupt() {
    ScriptedWriter target = new ScriptedWriter().failWith(WriteFailureTest.answered(503));
    RetryingWriter w =
        new RetryingWriter(
            target,
            POLICY,
            d -> {
              throw new InterruptedException();
            },
            "http://influx:8086");
    assertThatThrownBy(() -> w.write(Points.of(POINTS)))
        .isInstanceOf(SinkWriteException.class)
        .hasMessage("interrupted while waiting to retry a write to http://influx:8086");
    assertThat(Thread.interrupted()).isTrue();
  }

  @Test
  void backoffDoublesFromTheInitialWaitAndStopsAtTheCap() {
    RetryPolicy p = new RetryPolicy(10, Duration.ofMillis(200), Duration.ofSeconds(2));
    assertThat(List.of(1, 2, 3, 4, 5, 9).stream().map(p::backoffAfter).toList())
        .containsExactly(
            Duration.ofMillis(200),
            Duration.ofMillis(400),
            Duration.ofMillis(800),
            Duration.ofMillis(1600),
            Duration.ofSeconds(2),
            Duration.ofSeconds(2));
  }
}
