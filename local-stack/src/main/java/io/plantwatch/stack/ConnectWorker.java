package io.plantwatch.stack;

import io.plantwatch.ingest.MqttSourceConfig;
import io.plantwatch.ingest.records.ReadingAvroConverter;
import io.plantwatch.telemetry.ReadingFormat;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.connector.policy.ConnectorClientConfigOverridePolicy;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.runtime.Herder;
import org.apache.kafka.connect.runtime.Worker;
import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.runtime.isolation.Plugins;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorInfo;
import org.apache.kafka.connect.runtime.standalone.StandaloneConfig;
import org.apache.kafka.connect.runtime.standalone.StandaloneHerder;
import org.apache.kafka.connect.storage.FileOffsetBackingStore;
import org.apache.kafka.connect.util.FutureCallback;

/**
 * A Kafka Connect standalone worker running the plantwatch MQTT source connector, built from the
 * same classes as {@code connect-standalone.sh} ({@code ConnectStandalone}) but without its REST
 * server: Connect's REST layer is Jersey 2, and Spark in this JVM brings Jersey 3 under the same
 * package names. The connector is found on the classpath through its {@code ServiceLoader}
 * manifest.
 */
final class ConnectWorker implements AutoCloseable {
  static final String CONNECTOR = "plantwatch-ingest";

  private final StandaloneHerder herder;

  private ConnectWorker(StandaloneHerder herder) {
    this.herder = herder;
  }

  /** Starts a worker on {@code bootstrap} and the connector reading {@code uplinkUri}. */
  static ConnectWorker start(
      String bootstrap, String uplinkUri, int tasks, ReadingFormat format, Path dir)
      throws Exception {
    java.nio.file.Files.createDirectories(dir);
    Map<String, String> props = new HashMap<>();
    props.put(WorkerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(
        StandaloneConfig.OFFSET_STORAGE_FILE_FILENAME_CONFIG, dir.resolve("offsets").toString());
    props.put(
        WorkerConfig.KEY_CONVERTER_CLASS_CONFIG,
        "org.apache.kafka.connect.storage.StringConverter");
    props.put(WorkerConfig.VALUE_CONVERTER_CLASS_CONFIG, JsonConverter.class.getName());
    props.put("value.converter.schemas.enable", "false");
    props.put(WorkerConfig.OFFSET_COMMIT_INTERVAL_MS_CONFIG, "5000");
    // Scanning a classpath of some 300 jars takes long; the connector and Kafka's own plugins
    // declare themselves to the ServiceLoader.
    props.put("plugin.discovery", "service_load");

    ClassLoader before = Thread.currentThread().getContextClassLoader();
    try {
      Plugins plugins = new Plugins(props);
      plugins.compareAndSwapWithDelegatingLoader();
      StandaloneConfig config = new StandaloneConfig(props);
      ConnectorClientConfigOverridePolicy policy =
          plugins.newPlugin(
              config.getString(WorkerConfig.CONNECTOR_CLIENT_POLICY_CLASS_CONFIG),
              config,
              ConnectorClientConfigOverridePolicy.class);
      FileOffsetBackingStore offsets =
          new FileOffsetBackingStore(
              plugins.newInternalConverter(
                  true, JsonConverter.class.getName(), Map.of("schemas.enable", "false")));
      offsets.configure(config);
      Worker worker = new Worker("plantwatch-local", Time.SYSTEM, plugins, config, offsets, policy);
      StandaloneHerder herder = new StandaloneHerder(worker, config.kafkaClusterId(), policy);
      herder.start();
      FutureCallback<Herder.Created<ConnectorInfo>> created = new FutureCallback<>();
      herder.putConnectorConfig(
          CONNECTOR, connectorConfig(uplinkUri, tasks, format), true, created);
      created.get(60, TimeUnit.SECONDS);
      herder.ready();
      return new ConnectWorker(herder);
    } finally {
      // Spark, started next on this thread, must not inherit Connect's plugin class loader.
      Thread.currentThread().setContextClassLoader(before);
    }
  }

  /**
   * The connector's configuration, as in ingest-connector's README example, writing readings in
   * {@code format} (the job's {@code plantwatch.readings.format}) and without the per-reading
   * headers: nothing in this pipeline reads them, and they nearly triple a record's bytes on Kafka
   * and cost the connector CPU per reading (docs/performance.md, session 21).
   */
  static Map<String, String> connectorConfig(String uplinkUri, int tasks, ReadingFormat format) {
    Map<String, String> c = new HashMap<>();
    c.put("name", CONNECTOR);
    c.put("connector.class", "io.plantwatch.ingest.MqttSourceConnector");
    c.put("tasks.max", Integer.toString(tasks));
    c.put("mqtt.broker.uri", uplinkUri);
    c.put(MqttSourceConfig.TOPICS_CONFIG, MqttSourceConfig.TOPICS_DEFAULT);
    c.put("mqtt.shared.group", "plantwatch-ingest");
    c.put("mqtt.client.id.prefix", "plantwatch-ingest");
    c.put("kafka.topic", Topics.READINGS);
    c.put("kafka.rejected.topic", Topics.REJECTED);
    c.put(MqttSourceConfig.READING_HEADERS_CONFIG, "");
    c.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
    c.put(
        "value.converter",
        format == ReadingFormat.AVRO
            ? ReadingAvroConverter.class.getName()
            : JsonConverter.class.getName());
    c.put("value.converter.schemas.enable", "false");
    return c;
  }

  /** The connector's state and its tasks', e.g. {@code RUNNING [RUNNING, RUNNING]}. */
  String state() {
    var status = herder.connectorStatus(CONNECTOR);
    return status.connector().state() + " " + status.tasks().stream().map(t -> t.state()).toList();
  }

  @Override
  public void close() {
    herder.stop();
  }
}
