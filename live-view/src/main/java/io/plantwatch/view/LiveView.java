package io.plantwatch.view;

import io.plantwatch.telemetry.KafkaTopics;
import io.plantwatch.view.feed.FeedTopics;
import io.plantwatch.view.feed.KafkaFeed;
import io.plantwatch.view.fleet.Fleet;
import io.plantwatch.view.fleet.RuleThresholds;
import io.plantwatch.view.mail.Outbox;
import io.plantwatch.view.pipeline.KafkaPipeline;
import io.plantwatch.view.pipeline.PipelineRates;
import io.plantwatch.view.pipeline.PipelineSource;
import io.plantwatch.view.web.ViewServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The live view, assembled: a Kafka feed fills the fleet, a web server shows it. Used by {@code
 * bin/plantwatch view} against any deployment and by {@code bin/plantwatch run} beside its own
 * pipeline (which passes its components' counters and its rules).
 */
public final class LiveView implements AutoCloseable {
  /** Points kept per window series and transitions kept, whatever the history: bounded memory. */
  private static final int MAX_POINTS = 2000;

  private static final int MAX_TRANSITIONS = 2000;

  private final Fleet fleet;
  private final KafkaFeed feed;
  private final ViewServer server;
  private final List<AutoCloseable> closeables;

  private LiveView(Fleet fleet, KafkaFeed feed, ViewServer server, List<AutoCloseable> closeables) {
    this.fleet = fleet;
    this.feed = feed;
    this.server = server;
    this.closeables = closeables;
  }

  /**
   * What the view needs.
   *
   * @param token required unless {@code bind} is a loopback address; null or empty for none
   * @param outbox the job's mail outbox, to show the mail of each transition; null when not here
   * @param rules thresholds known beside Kafka's; {@link RuleThresholds#NONE} for none
   * @param pipeline the pipeline page's counters; null to read them from Kafka's offsets
   */
  public record Settings(
      String kafka,
      FeedTopics topics,
      String bind,
      int port,
      String token,
      Path outbox,
      Duration history,
      RuleThresholds rules,
      PipelineSource pipeline) {}

  public static LiveView start(Settings s) throws IOException {
    Fleet fleet = new Fleet(s.history().toMillis(), MAX_POINTS, MAX_TRANSITIONS);
    KafkaFeed feed = new KafkaFeed(s.kafka(), s.topics(), fleet);
    List<AutoCloseable> closeables = new ArrayList<>();
    PipelineSource source = s.pipeline();
    if (source == null) {
      KafkaPipeline kafka =
          new KafkaPipeline(
              s.kafka(),
              List.of(
                  new String[] {"readings in Kafka", KafkaTopics.READINGS},
                  new String[] {"rejected", KafkaTopics.REJECTED},
                  new String[] {"window values", s.topics().windows()},
                  new String[] {"alert transitions", s.topics().alerts()}),
              fleet,
              feed::rejected);
      closeables.add(kafka);
      source = kafka;
    }
    PipelineRates rates = new PipelineRates(source, 10_000);
    closeables.add(0, rates);
    ViewServer server;
    try {
      server =
          ViewServer.start(
              s.bind(),
              s.port(),
              s.token(),
              fleet,
              s.rules(),
              rates,
              s.outbox() == null ? null : new Outbox(s.outbox()));
    } catch (IOException | RuntimeException e) {
      feed.close();
      for (AutoCloseable c : closeables) {
        try {
          c.close();
        } catch (Exception suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
    feed.start();
    rates.start();
    return new LiveView(fleet, feed, server, closeables);
  }

  public URI uri() {
    return server.uri();
  }

  public Fleet fleet() {
    return fleet;
  }

  public KafkaFeed feed() {
    return feed;
  }

  @Override
  public void close() {
    server.close();
    feed.close();
    for (AutoCloseable c : closeables) {
      try {
        c.close();
      } catch (Exception e) {
        org.slf4j.LoggerFactory.getLogger(LiveView.class).warn("closing {}: {}", c, e.toString());
      }
    }
  }
}
