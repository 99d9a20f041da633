package io.plantwatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.plantwatch.telemetry.ReasonCode;
import java.lang.management.ManagementFactory;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.common.utils.MockTime;
import org.junit.jupiter.api.Test;

class IngestMetricsTest {
  private final MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();

  @Test
  void countersArePublishedOverJmxPerTaskAndRemovedOnClose() throws Exception {
    ObjectName task =
        new ObjectName(
            IngestMetrics.JMX_DOMAIN
                + ":type="
                + IngestMetrics.GROUP
                + ",connector=jmx-test,task=3");
    ObjectName malformed =
        new ObjectName(
            IngestMetrics.JMX_DOMAIN
                + ":type="
                + IngestMetrics.GROUP
                + ",connector=jmx-test,task=3,reason=malformed_json");
    try (IngestMetrics m = new IngestMetrics("jmx-test", 3, () -> 17, new MockTime(), 0)) {
      m.received(false);
      m.received(true);
      m.produced(5);
      m.rejected(ReasonCode.MALFORMED_JSON);
      m.acknowledged(true);

      assertThat(jmx.getAttribute(task, "messages-received-total")).isEqualTo(2.0);
      assertThat(jmx.getAttribute(task, "redeliveries-received-total")).isEqualTo(1.0);
      assertThat(jmx.getAttribute(task, "records-produced-total")).isEqualTo(5.0);
      assertThat(jmx.getAttribute(task, "records-rejected-total")).isEqualTo(1.0);
      assertThat(jmx.getAttribute(task, "acks-outstanding")).isEqualTo(1.0);
      assertThat(jmx.getAttribute(task, "handoff-queue-depth")).isEqualTo(17.0);
      assertThat(jmx.getAttribute(malformed, "records-rejected-by-reason-total")).isEqualTo(1.0);
      assertThat(m.summary(17))
          .contains("messages=2", "redeliveries=1", "rejected=1{malformed_json=1}", "handoff=17");
    }
    assertThat(jmx.isRegistered(task)).isFalse();
  }
}
