package io.plantwatch.analytics.influx;

import static org.assertj.core.api.Assertions.assertThat;

import io.plantwatch.analytics.config.InfluxApi;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class InfluxWritersTest {
  @Test
  void pingsVersionHeaderChoosesTheApi() {
    assertThat(InfluxWriters.fromVersion("1.6.7~rc0")).isEqualTo(InfluxApi.V1);
    assertThat(InfluxWriters.fromVersion("1.8.10")).isEqualTo(InfluxApi.V1);
    assertThat(InfluxWriters.fromVersion("v2.7.11")).isEqualTo(InfluxApi.V2);
    assertThat(InfluxWriters.fromVersion("2.7.11")).isEqualTo(InfluxApi.V2);
    assertThat(InfluxWriters.fromVersion("3.0.0")).isEqualTo(InfluxApi.V2);
    // No header (a store that only speaks the v2 write API): v2.
    assertThat(InfluxWriters.fromVersion("")).isEqualTo(InfluxApi.V2);
  }

  @Test
  void v1AnswersAreClassifiedLikeV2Ones() {
    assertThat(WriteFailure.classify(new InfluxHttpException("db", 401, "unauthorized", null)))
        .isEqualTo(WriteFailure.FATAL);
    assertThat(WriteFailure.classify(new InfluxHttpException("db", 400, "bad line", null)))
        .isEqualTo(WriteFailure.FATAL);
    assertThat(WriteFailure.classify(new InfluxHttpException("db", 503, "", null)))
        .isEqualTo(WriteFailure.RETRIABLE);
    InfluxHttpException busy = new InfluxHttpException("db", 429, "", Duration.ofSeconds(7));
    assertThat(WriteFailure.classify(busy)).isEqualTo(WriteFailure.RETRIABLE);
    assertThat(WriteFailure.retryAfter(busy)).contains(Duration.ofSeconds(7));
  }
}
