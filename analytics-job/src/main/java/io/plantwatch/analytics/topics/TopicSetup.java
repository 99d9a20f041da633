package io.plantwatch.analytics.topics;

import io.plantwatch.analytics.retry.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure the computed topics exist before the queries start: a missing one is created
 * compacted, with {@code min.compaction.lag.ms} (and {@code segment.ms}, so that compaction can run
 * once the history has passed) from {@code plantwatch.kafka.computedHistory}, and as many
 * partitions as the readings topic (1 when that cannot be seen), so that publishing scales like
 * reading; an existing one that is not compacted is left as it is, with a warning (a consumer would
 * then read every record ever written, until retention deletes them).
 *
 * <p>Failures are classified by {@link KafkaFailure}: a Kafka that does not answer is asked again
 * with backoff, then the job does not start; a refusal (no right to create topics, a policy) stops
 * the start at once, naming the key that turns the topic off.
 */
public final class TopicSetup {
  private static final Logger LOG = LoggerFactory.getLogger(TopicSetup.class);
  private static final RetryPolicy RETRY =
      new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(10));
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(15);

  /** Waits; a field so that tests could run without wall-clock waits. */
  @FunctionalInterface
  interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  private final String bootstrap;
  private final Duration history;
  private final Sleeper sleeper;

  TopicSetup(String bootstrap, Duration history, Sleeper sleeper) {
    this.bootstrap = bootstrap;
    this.history = history;
    this.sleeper = sleeper;
  }

  /**
   * Creates the missing ones of {@code topics} (name → the key that configures it, for messages),
   * partitioned like {@code readingsTopic}.
   */
  public static Outcome ensure(
      ComputedTopics computed, String readingsTopic, Map<String, String> topics) {
    if (topics.isEmpty()) {
      return new Outcome(List.of(), List.of());
    }
    return new TopicSetup(computed.bootstrap(), computed.history(), d -> Thread.sleep(d.toMillis()))
        .ensureWithRetries(readingsTopic, topics);
  }

  /** What {@link #ensure} found: the topics it created and the existing ones not compacted. */
  public record Outcome(List<String> created, List<String> notCompacted) {}

  Outcome ensureWithRetries(String readingsTopic, Map<String, String> topics) {
    for (int attempt = 1; ; attempt++) {
      try (Admin admin = Admin.create(adminProperties())) {
        return ensure(admin, readingsTopic, topics);
      } catch (TopicSetupException e) {
        throw e;
      } catch (Exception e) {
        Throwable cause = KafkaFailure.unwrap(e);
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
          throw new TopicSetupException("interrupted while creating " + topics.keySet(), e);
        }
        if (KafkaFailure.classify(e) == KafkaFailure.FATAL) {
          throw refused(topics, cause);
        }
        if (attempt >= RETRY.maxAttempts()) {
          throw new TopicSetupException(
              "Kafka at "
                  + bootstrap
                  + " did not answer about topics "
                  + topics.keySet()
                  + " in "
                  + attempt
                  + " attempts: "
                  + cause,
              cause);
        }
        Duration wait = RETRY.backoffAfter(attempt);
        LOG.warn(
            "Kafka at {} did not answer about topics {} (attempt {} of {}: {}); asking again in {} ms",
            bootstrap,
            topics.keySet(),
            attempt,
            RETRY.maxAttempts(),
            cause.toString(),
            wait.toMillis());
        try {
          sleeper.sleep(wait);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new TopicSetupException("interrupted while creating " + topics.keySet(), ie);
        }
      }
    }
  }

  private Outcome ensure(Admin admin, String readingsTopic, Map<String, String> topics)
      throws Exception {
    Set<String> existing = admin.listTopics().names().get();
    List<String> present = new ArrayList<>();
    List<NewTopic> missing = new ArrayList<>();
    int partitions = existing.contains(readingsTopic) ? partitions(admin, readingsTopic) : 1;
    for (String topic : topics.keySet()) {
      if (existing.contains(topic)) {
        present.add(topic);
      } else {
        missing.add(
            new NewTopic(topic, Optional.of(partitions), Optional.empty()).configs(configs()));
      }
    }
    List<String> created = new ArrayList<>();
    for (NewTopic topic : missing) {
      try {
        admin.createTopics(List.of(topic)).all().get();
        created.add(topic.name());
        LOG.info(
            "created Kafka topic {}: compacted, {} partitions, history {}",
            topic.name(),
            partitions,
            history);
      } catch (java.util.concurrent.ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
        // Created meanwhile by someone else (another job, auto-creation): check it like the others.
        present.add(topic.name());
      }
    }
    List<String> notCompacted = new ArrayList<>();
    for (String topic : present) {
      if (!compacted(admin, topic)) {
        notCompacted.add(topic);
      }
    }
    return new Outcome(List.copyOf(created), List.copyOf(notCompacted));
  }

  private Map<String, String> configs() {
    Map<String, String> c = new HashMap<>();
    c.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
    c.put(TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, Long.toString(history.toMillis()));
    if (!history.isZero()) {
      // The active segment is never compacted: without this, a week (the broker's default) of
      // records would wait in it, not the history asked for.
      c.put(TopicConfig.SEGMENT_MS_CONFIG, Long.toString(history.toMillis()));
    }
    return c;
  }

  private static int partitions(Admin admin, String topic) throws Exception {
    return admin
        .describeTopics(List.of(topic))
        .allTopicNames()
        .get()
        .get(topic)
        .partitions()
        .size();
  }

  /** False, with a warning, when the topic is not compacted; true when that cannot be seen. */
  private boolean compacted(Admin admin, String topic) {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    try {
      Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
      ConfigEntry policy = config.get(TopicConfig.CLEANUP_POLICY_CONFIG);
      String value = policy == null ? "" : policy.value();
      if (!List.of(value.split(",")).contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
        LOG.warn(
            "Kafka topic {} is not compacted (cleanup.policy={}): it keeps every record until"
                + " retention deletes it, and consumers read them all; set cleanup.policy=compact"
                + " and min.compaction.lag.ms={} on it",
            topic,
            value,
            history.toMillis());
        return false;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // Publishing does not need this check: a broker that will not describe configs gets none.
      LOG.warn(
          "cannot check whether Kafka topic {} is compacted: {}",
          topic,
          KafkaFailure.unwrap(e).toString());
    }
    return true;
  }

  private Properties adminProperties() {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CALL_TIMEOUT.toMillis());
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) CALL_TIMEOUT.toMillis());
    return p;
  }

  private static TopicSetupException refused(Map<String, String> topics, Throwable cause) {
    List<String> how = new ArrayList<>();
    topics.forEach((topic, key) -> how.add(topic + " (" + key + ")"));
    return new TopicSetupException(
        "Kafka refused to create or describe the computed topics "
            + String.join(", ", how)
            + ": "
            + cause
            + "; create them compacted, or set the key empty to turn the topic off",
        cause);
  }
}
