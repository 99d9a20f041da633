package io.plantwatch.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.plantwatch.telemetry.MqttTopicFilter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TopicFiltersTest {
  @ParameterizedTest(name = "{0} matches {1}: {2}")
  @CsvSource({
    "plantwatch/uplink/+/status, plantwatch/uplink/gw-1/status, true",
    "plantwatch/uplink/+/status, plantwatch/uplink/gw-1/readings, false",
    "plantwatch/uplink/+/status, plantwatch/uplink/gw-1/status/x, false",
    "plantwatch/uplink/+/status, plantwatch/uplink//status, true",
    "plantwatch/uplink/gw-1/status, plantwatch/uplink/gw-1/status, true",
    "plantwatch/uplink/gw-1/status, plantwatch/uplink/gw-2/status, false",
    "plantwatch/#, plantwatch/uplink/gw-1/status, true",
    "plantwatch/#, plantwatch, true",
    "#, plantwatch/uplink/gw-1/status, true",
    "#, $SYS/broker/uptime, false",
    "+/uplink/+/status, $share/uplink/gw-1/status, false",
  })
  void filtersMatchTopicsAsMqttSays(String filter, String topic, boolean matches) {
    assertThat(MqttTopicFilter.matches(filter, topic)).isEqualTo(matches);
  }

  @ParameterizedTest(name = "{0} overlaps {1}: {2}")
  @CsvSource({
    "plantwatch/uplink/+/status, plantwatch/uplink/+/readings, false",
    "plantwatch/uplink/+/status, plantwatch/uplink/#, true",
    "plantwatch/uplink/+/status, plantwatch/uplink/gw-1/+, true",
    "plantwatch/uplink/+/status, plantwatch/+/gw-1/status, true",
    "plantwatch/uplink/+/status, plantwatch/uplink/+, false",
    "plantwatch/uplink/+/status, plantwatch/uplink/+/status/#, true",
    "plantwatch/uplink/+/status, plantwatch/uplink/+/status/+, false",
    "a/b, a/b, true",
    "#, a/b, true",
  })
  void filtersOverlapWhenSomeTopicMatchesBoth(String a, String b, boolean overlap) {
    assertThat(MqttTopicFilter.overlap(a, b)).isEqualTo(overlap);
    assertThat(MqttTopicFilter.overlap(b, a)).isEqualTo(overlap);
  }

  @ParameterizedTest
  @CsvSource({
    "plantwatch/uplink/gw-1/status, gw-1",
    "plantwatch/uplink/gw-1/readings, gw-1",
    "plantwatch/uplink//status,",
    "site/gw-1/status,",
  })
  void theGatewayIdComesFromTheTopic(String topic, String gateway) {
    assertThat(TopicFilters.gatewayOf(topic)).isEqualTo(gateway);
  }
}
