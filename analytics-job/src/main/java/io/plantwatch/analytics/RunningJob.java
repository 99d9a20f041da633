package io.plantwatch.analytics;

import io.plantwatch.analytics.alerts.stream.AlertQuery;
import io.plantwatch.analytics.monitoring.JobProgressListener;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;

/** The job's queries while they run, and its progress figures. */
public final class RunningJob implements AutoCloseable {
  private final SparkSession spark;
  private final List<StreamingQuery> queries;
  private final JobProgressListener progress;
  private final List<AutoCloseable> resources;

  RunningJob(
      SparkSession spark,
      List<StreamingQuery> queries,
      JobProgressListener progress,
      List<AutoCloseable> resources) {
    this.spark = spark;
    this.queries = List.copyOf(queries);
    this.progress = progress;
    this.resources = List.copyOf(resources);
  }

  public List<StreamingQuery> queries() {
    return queries;
  }

  public StreamingQuery query(String name) {
    return queries.stream()
        .filter(q -> name.equals(q.name()))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no query named " + name));
  }

  public JobProgressListener progress() {
    return progress;
  }

  /**
   * Processes everything available now in every query but the alert queries; for tests and tools.
   * The health and per-spec alert queries run a batch every trigger for their stale timeouts, so
   * Spark never sees them idle and their {@code processAllAvailable} would not return; the judged
   * one is woken by ticks. Wait for their outputs instead.
   */
  public void processAllAvailable() {
    queries.stream()
        .filter(q -> q.name() == null || !q.name().startsWith(AlertQuery.PREFIX))
        .forEach(StreamingQuery::processAllAvailable);
  }

  /** Blocks until one query ends; throws its failure if it failed. */
  public void awaitAnyTermination() throws StreamingQueryException {
    spark.streams().awaitAnyTermination();
  }

  /** Longest wait for a query's running batch to end before it is stopped regardless. */
  private static final long BETWEEN_BATCHES_WAIT_MS = 30_000;

  /**
   * Stops every query, each between two batches when it gets there within 30 s (one deadline for
   * all queries, so a backlog delays the stop by 30 s at most): stopping a query interrupts its
   * batch, and Spark, Hadoop and the state store then log errors and stack traces about the
   * interrupted work (a batch stopped anyway resumes from its checkpoint).
   */
  public void stop() throws TimeoutException {
    TimeoutException failure = null;
    long deadline = System.nanoTime() + BETWEEN_BATCHES_WAIT_MS * 1_000_000;
    for (StreamingQuery q : queries) {
      try {
        while (q.isActive() && q.status().isTriggerActive() && System.nanoTime() < deadline) {
          Thread.sleep(10);
        }
        q.stop();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        q.stop();
      } catch (TimeoutException e) {
        failure = e;
      }
    }
    spark.streams().removeListener(progress);
    // After the queries: the alert sink publishes until its query stops.
    for (AutoCloseable r : resources) {
      try {
        r.close();
      } catch (Exception e) {
        org.slf4j.LoggerFactory.getLogger(RunningJob.class).warn("closing {}: {}", r, e.toString());
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public void close() throws TimeoutException {
    stop();
  }
}
