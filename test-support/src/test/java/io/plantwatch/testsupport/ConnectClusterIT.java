package io.plantwatch.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ConnectClusterIT {
  @RegisterExtension static final ConnectCluster connect = new ConnectCluster();

  @Test
  void runsAConnectorFromTheClasspathAndItsRecordsReachKafka() throws Exception {
    connect.createTopic("counted", 1);
    connect.configureConnector(
        "counter",
        Map.of(
            "connector.class", CountingSourceConnector.class.getName(),
            "tasks.max", "1",
            "topic", "counted",
            "count", "5",
            "key.converter", "org.apache.kafka.connect.converters.ByteArrayConverter",
            "value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter"));
    connect.awaitRunning("counter", 1, Duration.ofSeconds(60));
    assertThat(connect.consume("counted", 5, Duration.ofSeconds(30)))
        .extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
        .containsExactly("n0", "n1", "n2", "n3", "n4");
    assertThat(connect.restUrl()).startsWith("http://");
  }
}
