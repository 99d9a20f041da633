package io.plantwatch.analytics;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A shutdown step that runs before Spark stops its context. Spark stops it in a hook of its own,
 * registered with Hadoop's shutdown-hook manager at priority 40; plain JVM hooks run all at once
 * beside it, so queries still running fail mid-batch with errors in the log. A step registered with
 * the same manager at a higher priority runs first, to its end or its timeout.
 */
public final class BeforeSparkStops {
  /** Above Spark's hooks (40) in Hadoop's manager. */
  private static final int PRIORITY = 100;

  private BeforeSparkStops() {}

  public static void register(Runnable step, Duration timeout) {
    org.apache.hadoop.util.ShutdownHookManager.get()
        .addShutdownHook(step, PRIORITY, timeout.toSeconds(), TimeUnit.SECONDS);
  }
}
