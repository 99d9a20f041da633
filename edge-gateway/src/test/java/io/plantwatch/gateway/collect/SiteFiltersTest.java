package io.plantwatch.gateway.collect;

import static org.assertj.core.api.Assertions.assertThat;

import io.plantwatch.telemetry.MqttTopicFilter;
import java.util.List;
import org.junit.jupiter.api.Test;

class SiteFiltersTest {
  @Test
  void aFilterThatAnotherCoversIsNotSubscribed() {
    SiteFilters f = new SiteFilters(List.of("plant/+/+/+/telemetry", "plant/+/+/+/+"));
    assertThat(f.filters()).containsExactly("plant/+/+/+/+");
    assertThat(f.owner("plant/s/l/m/telemetry")).isZero();
  }

  @Test
  void repeatedFiltersAreSubscribedOnceAndDisjointOnesAllKeptInOrder() {
    SiteFilters f =
        new SiteFilters(
            List.of("plant/+/+/+/telemetry", "sensors/+/+/+/+", "plant/+/+/+/telemetry"));
    assertThat(f.filters()).containsExactly("plant/+/+/+/telemetry", "sensors/+/+/+/+");
    assertThat(f.owner("sensors/a/b/c/d")).isEqualTo(1);
    assertThat(f.owner("other/a")).isEqualTo(-1);
  }

  @Test
  void partlyOverlappingFiltersAreBothKeptAndTheFirstOwnsTheirCommonTopics() {
    SiteFilters f = new SiteFilters(List.of("plant/s1/+/+/telemetry", "plant/+/l1/+/telemetry"));
    assertThat(f.filters()).containsExactly("plant/s1/+/+/telemetry", "plant/+/l1/+/telemetry");
    assertThat(f.owner("plant/s1/l1/m/telemetry")).isZero();
    assertThat(f.owner("plant/s2/l1/m/telemetry")).isEqualTo(1);
  }

  @Test
  void coverageFollowsTheMqttWildcardRules() {
    assertThat(MqttTopicFilter.covers("a/#", "a")).isTrue();
    assertThat(MqttTopicFilter.covers("a/#", "a/+/c")).isTrue();
    assertThat(MqttTopicFilter.covers("#", "a/#")).isTrue();
    assertThat(MqttTopicFilter.covers("a/+", "a/#")).isFalse();
    assertThat(MqttTopicFilter.covers("a/b", "a/+")).isFalse();
    assertThat(MqttTopicFilter.covers("a/+/c", "a/b/c")).isTrue();
    assertThat(MqttTopicFilter.covers("a/+", "a/b/c")).isFalse();
    assertThat(MqttTopicFilter.covers("a/b/#", "a")).isFalse();
  }

  @Test
  void onlyACopyThroughAnotherCurrentFilterIsDropped() {
    SiteFilters f = new SiteFilters(List.of("plant/+/+/+/telemetry", "+/+/+/m1/telemetry"));
    int first = SiteFilters.subscriptionId("plant/+/+/+/telemetry");
    int second = SiteFilters.subscriptionId("+/+/+/m1/telemetry");
    assertThat(first).isNotEqualTo(second).isBetween(1, 268_435_455);
    String both = "plant/s/l/m1/telemetry";
    assertThat(f.isExtraCopy(both, List.of(first))).isFalse();
    assertThat(f.isExtraCopy(both, List.of(second))).isTrue();
    assertThat(f.isExtraCopy(both, List.of(first, second))).isFalse();
    assertThat(f.isExtraCopy(both, List.of())).isFalse();
    assertThat(f.isExtraCopy(both, null)).isFalse();
    // Queued under an older configuration: kept, it may be the only delivery.
    assertThat(f.isExtraCopy(both, List.of(SiteFilters.subscriptionId("old/+/#")))).isFalse();
  }
}
