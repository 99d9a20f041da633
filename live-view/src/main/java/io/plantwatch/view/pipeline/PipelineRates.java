package io.plantwatch.view.pipeline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the pipeline's running totals once a second on its own thread, whatever the number of open
 * pages, and keeps per-second rates over the last {@code span} milliseconds or more: a rate over
 * one tick would jump with every batch of the job, and a source that is slow to answer (Kafka away)
 * never holds up a page.
 */
public final class PipelineRates implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PipelineRates.class);

  private final PipelineSource source;
  private final long spanMillis;
  private final List<StageCounts> recent = new ArrayList<>();
  private final Thread sampler;
  private volatile Figures latest = new Figures(System.currentTimeMillis(), List.of(), List.of());
  private volatile boolean running = true;

  public PipelineRates(PipelineSource source, long spanMillis) {
    this.source = source;
    this.spanMillis = spanMillis;
    this.sampler = new Thread(this::sample, "live-view-pipeline");
    this.sampler.setDaemon(true);
  }

  public PipelineRates start() {
    sampler.start();
    return this;
  }

  /** The newest figures. */
  public Figures now() {
    return latest;
  }

  private void sample() {
    while (running) {
      try {
        latest = next(source.now());
      } catch (RuntimeException e) {
        LOG.warn("reading the pipeline's counters failed: {}", e.toString());
      }
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Takes one reading of the totals and returns the figures with their rates. */
  synchronized Figures next(StageCounts now) {
    recent.add(now);
    while (recent.size() > 2 && now.atMillis() - recent.get(1).atMillis() >= spanMillis) {
      recent.remove(0);
    }
    StageCounts then = recent.get(0);
    Map<String, Long> before = new HashMap<>();
    for (StageCounts.Stage s : then.stages()) {
      before.put(s.name(), s.total());
    }
    double seconds = (now.atMillis() - then.atMillis()) / 1000.0;
    List<Rated> stages = new ArrayList<>();
    for (StageCounts.Stage s : now.stages()) {
      Long b = before.get(s.name());
      Double rate =
          seconds <= 0 || b == null || b < 0 || s.total() < 0
              ? null
              : Math.max(0, s.total() - b) / seconds;
      stages.add(new Rated(s.name(), s.unit(), s.total(), rate));
    }
    return new Figures(now.atMillis(), stages, now.facts());
  }

  @Override
  public void close() {
    running = false;
    sampler.interrupt();
  }

  public record Rated(String name, String unit, long total, Double perSecond) {}

  public record Figures(long atMillis, List<Rated> stages, List<StageCounts.Fact> facts) {}
}
