package io.plantwatch.analytics.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.plantwatch.analytics.config.JobConfig;
import io.plantwatch.analytics.it.LocalSpark;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.streaming.StreamingRelationV2;
import org.junit.jupiter.api.Test;

/** What the job asks of Kafka's consumers, as Spark's Kafka source receives it. */
class ReadingSourceTest {
  @Test
  void bothOfTheJobsSourcesTakeTheFetchWaitThePollSizeAndReadCommittedRecordsOnly() {
    JobConfig config =
        JobConfig.from(
            Map.of(
                "plantwatch.checkpoint",
                "/cp",
                "plantwatch.kafka.fetchMaxWait",
                "20ms",
                "plantwatch.kafka.maxPollRecords",
                "7000"));
    for (Dataset<Row> source :
        java.util.List.of(
            ReadingSource.kafka(LocalSpark.session(), config),
            ReadingSource.compacted(LocalSpark.session(), config, "judged"))) {
      StreamingRelationV2 relation = (StreamingRelationV2) source.queryExecution().analyzed();
      assertThat(relation.extraOptions().get("kafka.fetch.max.wait.ms")).isEqualTo("20");
      assertThat(relation.extraOptions().get("kafka.max.poll.records")).isEqualTo("7000");
      assertThat(relation.extraOptions().get("kafka.isolation.level")).isEqualTo("read_committed");
    }
  }
}
