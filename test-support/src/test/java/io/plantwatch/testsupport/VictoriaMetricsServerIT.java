package io.plantwatch.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class VictoriaMetricsServerIT {
  @RegisterExtension static final VictoriaMetricsServer vm = new VictoriaMetricsServer();

  @Test
  void acceptsV2WritesWithHostileTagsAndOldTimestamps() throws Exception {
    // 2008 timestamp: only kept because the fixture sets a long retention.
    vm.writeLineProtocol(
        "machine_window_stats,machine=press\\,\\ 7\\=große\\ Presse,metric=temp avg=71.5,count=3i 1214870400000\n");
    List<VictoriaMetricsServer.Series> series =
        vm.export("{__name__=\"machine_window_stats_avg\"}");
    assertThat(series).hasSize(1);
    assertThat(series.get(0).labels()).containsEntry("machine", "press, 7=große Presse");
    assertThat(series.get(0).values()).containsExactly(71.5);
    assertThat(series.get(0).timestamps()).containsExactly(1214870400000L);
    assertThat(vm.export("{__name__=\"machine_window_stats_count\"}").get(0).values())
        .containsExactly(3.0);
  }

  @Test
  void dataSurvivesARestart() throws Exception {
    vm.writeLineProtocol("restart_probe v=1 1700000000000\n");
    vm.stop();
    vm.start();
    assertThat(vm.export("{__name__=\"restart_probe_v\"}")).hasSize(1);
  }
}
