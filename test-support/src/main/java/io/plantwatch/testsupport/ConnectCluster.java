package io.plantwatch.testsupport;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

/**
 * A real Kafka Connect worker (distributed mode) with its own in-JVM KRaft broker, from Kafka's
 * test kit ({@code EmbeddedConnectCluster}). Connector classes on the test classpath are found as
 * plugins, as if they were on the worker's {@code plugin.path}.
 */
public final class ConnectCluster extends ServerExtension {
  private final int workers;
  private final Map<String, String> workerProps = new HashMap<>();
  private EmbeddedConnectCluster connect;

  public ConnectCluster() {
    this(1);
  }

  public ConnectCluster(int workers) {
    this.workers = workers;
    // Short intervals so tests see commits and rebalances quickly.
    workerProps.put("offset.flush.interval.ms", "1000");
    workerProps.put("scheduled.rebalance.max.delay.ms", "1000");
    // Plugins on the test classpath may lack ServiceLoader manifests; find them by scanning too.
    workerProps.put("plugin.discovery", "hybrid_warn");
  }

  public ConnectCluster withWorkerProperty(String key, String value) {
    workerProps.put(key, value);
    return this;
  }

  @Override
  protected void doStart() {
    if (connect == null) {
      Properties broker = new Properties();
      broker.put("auto.create.topics.enable", "false");
      broker.put("group.initial.rebalance.delay.ms", "0");
      connect =
          new EmbeddedConnectCluster.Builder()
              .name("plantwatch-connect")
              .numWorkers(workers)
              .numBrokers(1)
              .workerProps(workerProps)
              .brokerProps(broker)
              .maskExitProcedures(true)
              .build();
      connect.start();
    } else {
      for (int i = 0; i < workers; i++) {
        connect.addWorker();
      }
    }
  }

  /** Stops every worker; the broker keeps running. */
  @Override
  protected void doStop() {
    connect.workers().forEach(connect::removeWorker);
  }

  @Override
  protected void cleanUp() {
    if (connect != null) {
      connect.stop();
      connect = null;
    }
  }

  public String bootstrapServers() {
    return connect.kafka().bootstrapServers();
  }

  /** The REST endpoint of a running worker, like {@code http://127.0.0.1:port/}. */
  public String restUrl() {
    return connect.endpointForResource("").replaceAll("/$", "");
  }

  public void createTopic(String topic, int partitions) {
    connect.kafka().createTopic(topic, partitions);
  }

  /** Creates or updates a connector through the REST API. */
  public void configureConnector(String name, Map<String, String> config) {
    connect.configureConnector(name, config);
  }

  public void deleteConnector(String name) {
    connect.deleteConnector(name);
  }

  public ConnectorStateInfo status(String name) {
    return connect.connectorStatus(name);
  }

  /** Waits until the connector and {@code tasks} tasks are RUNNING. */
  public void awaitRunning(String name, int tasks, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        ConnectorStateInfo s = connect.connectorStatus(name);
        long running = s.tasks().stream().filter(t -> "RUNNING".equals(t.state())).count();
        if ("RUNNING".equals(s.connector().state()) && running >= tasks) {
          return;
        }
        if (System.nanoTime() > deadline) {
          throw new AssertionError(
              "connector " + name + " not running with " + tasks + " tasks: " + describe(s));
        }
      } catch (org.apache.kafka.connect.runtime.rest.errors.ConnectRestException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
      }
      Thread.sleep(100);
    }
  }

  private static String describe(ConnectorStateInfo s) {
    StringBuilder b = new StringBuilder(s.connector().state());
    s.tasks()
        .forEach(
            t ->
                b.append(", task ")
                    .append(t.id())
                    .append('=')
                    .append(t.state())
                    .append(t.trace() == null ? "" : " " + t.trace()));
    return b.toString();
  }

  public List<ConsumerRecord<byte[], byte[]>> consume(String topic, int count, Duration timeout) {
    return KafkaCluster.ClusterReads.consume(bootstrapServers(), topic, count, timeout);
  }

  /** The test kit's own cluster, for what this wrapper does not offer. */
  public EmbeddedConnectCluster raw() {
    return connect;
  }
}
