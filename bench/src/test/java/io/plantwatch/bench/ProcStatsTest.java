package io.plantwatch.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcStatsTest {
  @Test
  void cpuIsUtimePlusStimeEvenWithSpacesInTheCommandName() {
    String stat =
        "4242 (my (odd) name) S 1 4242 4242 0 -1 4194560 500 0 0 0 250 150 0 0 20 0 12 0 100 1"
            + " 2 3";
    assertThat(ProcStats.cpuSecondsOfStat(stat)).isEqualTo(4.0);
  }

  @Test
  void rssIsVmRssInBytes() {
    assertThat(ProcStats.rssBytesOfStatus("Name:\tjava\nVmPeak:\t 9 kB\nVmRSS:\t   2048 kB\n"))
        .isEqualTo(2048L * 1024);
    assertThat(ProcStats.rssBytesOfStatus("Name:\tzombie\n")).isEqualTo(-1);
  }

  @Test
  void thisProcessHasCpuAndMemory() {
    ProcStats.Sample s = ProcStats.of(ProcessHandle.current().pid());
    assertThat(s.rssBytes()).isPositive();
    assertThat(s.cpuSeconds()).isGreaterThanOrEqualTo(0);
  }

  @Test
  void machineBusyLeavesOutIdleAndIowait() {
    long[] j = ProcStats.machineJiffiesOf("cpu  100 5 50 800 40 3 2 0 0 0");
    assertThat(j).containsExactly(160, 1000);
  }
}
