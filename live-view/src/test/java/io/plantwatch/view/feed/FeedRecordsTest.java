package io.plantwatch.view.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.plantwatch.view.fleet.Fleet;
import io.plantwatch.view.fleet.MachineId;
import org.junit.jupiter.api.Test;

class FeedRecordsTest {
  private final Fleet fleet = new Fleet(3_600_000, 100, 100);

  @Test
  void aWindowRecordBecomesTheMachinesNewestValue() throws Exception {
    FeedRecords.window(
        fleet,
        "{\"v\":1,\"site\":\"S ü\",\"line\":\"l\",\"machine\":\"<m>\",\"metric\":\"temperature\","
            + "\"unit\":\"degC\",\"window\":\"5m/1m\",\"windowStart\":0,\"windowEnd\":60000,"
            + "\"avg\":1.5,\"max\":2.5,\"min\":null,\"count\":4,\"gateway\":\"gw\"}");
    Fleet.MachineView m = fleet.machines().get(0);
    assertThat(m.id()).isEqualTo(new MachineId("S ü", "l", "<m>"));
    assertThat(m.gateway()).isEqualTo("gw");
    assertThat(m.metrics().get(0).newest().avg()).isEqualTo(1.5);
    assertThat(m.metrics().get(0).newest().min()).isNaN();
  }

  @Test
  void recordsThatBreakTheContractAreRefusedWithAReason() {
    assertThatThrownBy(() -> FeedRecords.window(fleet, "not json"))
        .isInstanceOfSatisfying(
            FeedRecords.BadRecord.class, e -> assertThat(e.reason).isEqualTo("malformed_json"));
    assertThatThrownBy(() -> FeedRecords.window(fleet, "{\"v\":2}"))
        .isInstanceOfSatisfying(
            FeedRecords.BadRecord.class, e -> assertThat(e.reason).isEqualTo("unknown_version"));
    assertThatThrownBy(
            () -> FeedRecords.alert(fleet, "{\"v\":1,\"id\":\"x\",\"at\":1,\"site\":\"s\"}"))
        .isInstanceOfSatisfying(
            FeedRecords.BadRecord.class, e -> assertThat(e).hasMessage("missing_field: line"));
    assertThatThrownBy(
            () ->
                FeedRecords.health(
                    fleet,
                    "{\"site\":\"s\",\"line\":\"l\",\"machine\":\"m\",\"at\":\"soon\",\"rul\":1}"))
        .isInstanceOfSatisfying(
            FeedRecords.BadRecord.class, e -> assertThat(e.reason).isEqualTo("wrong_type"));
    assertThat(fleet.machines()).isEmpty();
  }

  @Test
  void aGatewayTombstoneIsIgnoredAndAStatusSetsOnline() throws Exception {
    FeedRecords.gatewayStatus(fleet, "gw-1", null);
    FeedRecords.gatewayStatus(
        fleet, "gw-1", "{\"v\":1,\"gateway\":\"gw-1\",\"state\":\"offline\"}");
    assertThat(fleet.gateways()).containsEntry("gw-1", false);
  }
}
