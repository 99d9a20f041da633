package io.plantwatch.analytics.monitoring;

import java.net.URISyntaxException;
import java.net.URL;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * The job's logging when no one configured it: the job's own lines (its progress line per batch,
 * starts, stops, failures) at INFO, Spark's, Kafka's and Hadoop's at WARN, instead of Spark's
 * default INFO stream of thousands of lines. Under spark-submit the cluster's configuration applies
 * (pass {@code -Dlog4j2.configurationFile=} to use this one there: {@code
 * analytics-job/src/main/resources/plantwatch-job-log4j2.xml}).
 */
public final class JobLogging {
  static final String RESOURCE = "plantwatch-job-log4j2.xml";

  private JobLogging() {}

  /**
   * Before anything touches Spark (creating a SparkConf starts Spark's logging): spark-submit
   * passes its settings as {@code spark.*} system properties, so {@code spark.master} there means
   * the job was submitted and the cluster's logging applies.
   */
  public static void configureWhenLocal() {
    boolean submitted = System.getProperty("spark.master") != null;
    boolean chosen =
        System.getProperty("log4j2.configurationFile") != null
            || System.getProperty("log4j.configurationFile") != null;
    URL config = JobLogging.class.getClassLoader().getResource(RESOURCE);
    if (submitted || chosen || config == null) {
      return;
    }
    try {
      Configurator.reconfigure(config.toURI());
    } catch (URISyntaxException e) {
      // A resource URL is always a URI; if not, Spark's defaults stay.
    }
  }
}
