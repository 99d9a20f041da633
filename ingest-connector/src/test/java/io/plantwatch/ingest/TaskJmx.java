package io.plantwatch.ingest;

import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.ObjectName;

/** Reads a task's counters from JMX, where the embedded worker in this JVM publishes them. */
public final class TaskJmx {
  private TaskJmx() {}

  /** Whether the task's metrics are registered, i.e. the task has started and not yet stopped. */
  public static boolean registered(String connector, int task) {
    return ManagementFactory.getPlatformMBeanServer().isRegistered(name(connector, task));
  }

  public static double read(String connector, int task, String attribute) {
    try {
      ObjectName name = name(connector, task);
      var server = ManagementFactory.getPlatformMBeanServer();
      return server.isRegistered(name) ? (Double) server.getAttribute(name, attribute) : 0;
    } catch (JMException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ObjectName name(String connector, int task) {
    try {
      return new ObjectName(
          IngestMetrics.JMX_DOMAIN
              + ":type="
              + IngestMetrics.GROUP
              + ",connector="
              + ObjectName.quote(connector).replaceAll("^\"|\"$", "")
              + ",task="
              + task);
    } catch (JMException e) {
      throw new IllegalStateException(e);
    }
  }
}
