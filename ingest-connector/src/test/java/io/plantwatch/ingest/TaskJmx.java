package io.plantwatch.ingest;

import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.ObjectName;

/** Reads a task's counters from JMX, where the embedded worker in this JVM publishes them. */
final class TaskJmx {
  private TaskJmx() {}

  static double read(String connector, int task, String attribute) {
    try {
      ObjectName name =
          new ObjectName(
              IngestMetrics.JMX_DOMAIN
                  + ":type="
                  + IngestMetrics.GROUP
                  + ",connector="
                  + ObjectName.quote(connector).replaceAll("^\"|\"$", "")
                  + ",task="
                  + task);
      var server = ManagementFactory.getPlatformMBeanServer();
      return server.isRegistered(name) ? (Double) server.getAttribute(name, attribute) : 0;
    } catch (JMException e) {
      throw new IllegalStateException(e);
    }
  }
}
