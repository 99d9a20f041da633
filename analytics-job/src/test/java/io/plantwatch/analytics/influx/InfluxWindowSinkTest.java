package io.plantwatch.analytics.influx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.plantwatch.analytics.config.InfluxApi;
import io.plantwatch.analytics.retry.RetryPolicy;
import io.plantwatch.analytics.windows.SinkRows;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.junit.jupiter.api.Test;

class InfluxWindowSinkTest {
  /** Points written, one list per request; opened and closed writers counted. */
  static final class RecordingWriters implements PointWriter.Factory {
    static final List<List<String>> requests = new ArrayList<>();
    static int opened;
    static int closed;

    @Override
    public PointWriter open() {
      opened++;
      return new PointWriter() {
        @Override
        public void write(Points points) {
          requests.add(points.lines());
        }

        @Override
        public void close() {
          closed++;
        }
      };
    }
  }

  private static InfluxWindowSink sink(int batchSize) {
    RecordingWriters.requests.clear();
    RecordingWriters.opened = 0;
    RecordingWriters.closed = 0;
    InfluxSettings settings =
        new InfluxSettings(
            "http://influx:8086",
            InfluxApi.V2,
            "token",
            "org",
            "bucket",
            "plantwatch",
            "",
            "",
            "",
            "machine_window_stats",
            batchSize,
            Duration.ofSeconds(10),
            new RetryPolicy(1, Duration.ZERO, Duration.ZERO));
    return new InfluxWindowSink(settings, new RecordingWriters(), SinkRows.WINDOW);
  }

  private static InternalRow row(String machine, Object end, double avg, long count) {
    return SinkRows.internal(
        new GenericRowWithSchema(
            new Object[] {
              "Werk Süd", "L1", machine, "temperature", "5m/1m", end, avg, 80.0, 60.5, count
            },
            SinkRows.WINDOW));
  }

  @Test
  void aWindowBecomesOnePointAtItsEndWithSortedTags() {
    Timestamp end = Timestamp.from(Instant.parse("2024-06-03T08:05:00Z"));
    sink(10).writePartition(List.of(row("press 7", end, 71.125, 30)).iterator());
    assertThat(RecordingWriters.requests)
        .containsExactly(
            List.of(
                "machine_window_stats,line=L1,machine=press\\ 7,metric=temperature,site=Werk\\ Süd,"
                    + "window=5m/1m avg=71.125,max=80.0,min=60.5,count=30i 1717401900000"));
  }

  @Test
  void rowsSparkRefillsInPlaceBecomeTheirOwnPoints() {
    Timestamp end = Timestamp.from(Instant.parse("2024-06-03T08:05:00Z"));
    java.util.function.Function<Row, InternalRow> reused = SinkRows.reusedRow(SinkRows.WINDOW);
    List<Row> rows = new ArrayList<>();
    for (String machine : new String[] {"a", "press 7", "c"}) {
      rows.add(
          new GenericRowWithSchema(
              new Object[] {"s", "l", machine, "t", "5m/1m", end, 1.5, 2.0, 1.0, 2L},
              SinkRows.WINDOW));
    }
    sink(10).writePartition(rows.stream().map(reused).iterator());
    assertThat(RecordingWriters.requests).hasSize(1);
    assertThat(RecordingWriters.requests.get(0))
        .extracting(p -> p.split(",")[2])
        .containsExactly("machine=a", "machine=press\\ 7", "machine=c");
  }

  @Test
  void aPartitionIsWrittenInRequestsOfBatchSizePointsThroughOneWriter() {
    Timestamp end = Timestamp.from(Instant.parse("2024-06-03T08:05:00Z"));
    Iterator<InternalRow> rows =
        List.of(row("a", end, 1, 1), row("b", end, 2, 1), row("c", end, 3, 1)).iterator();
    sink(2).writePartition(rows);
    assertThat(RecordingWriters.requests).hasSize(2);
    assertThat(RecordingWriters.requests.get(0)).hasSize(2);
    assertThat(RecordingWriters.requests.get(1)).hasSize(1);
    assertThat(RecordingWriters.requests.get(1).get(0)).contains(",machine=c,");
    assertThat(RecordingWriters.opened).isEqualTo(1);
    assertThat(RecordingWriters.closed).isEqualTo(1);
  }

  @Test
  void anEmptyPartitionOpensNoConnection() {
    sink(2).writePartition(List.<InternalRow>of().iterator());
    assertThat(RecordingWriters.opened).isZero();
  }

  @Test
  void aRowThatCannotBeWrittenFailsThePartitionAndClosesTheWriter() {
    Timestamp end = Timestamp.from(Instant.parse("2024-06-03T08:05:00Z"));
    InfluxWindowSink sink = sink(2);
    assertThatThrownBy(() -> sink.writePartition(List.of(row("tank\\", end, 1, 1)).iterator()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tag 'machine' has a backslash");
    assertThat(RecordingWriters.closed).isEqualTo(1);
  }
}
