package io.plantwatch.ingest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;

/**
 * Kafka Connect source connector for the plantwatch uplink: MQTT 5 batch envelopes in, one Kafka
 * record per reading out, at least once. Tasks share the uplink through an MQTT 5 shared
 * subscription; task 0 also forwards the gateways' retained status messages.
 */
public class MqttSourceConnector extends SourceConnector {
  static final String VERSION = implementationVersion();

  private Map<String, String> props;
  private MqttSourceConfig config;

  @Override
  public String version() {
    return VERSION;
  }

  @Override
  public void start(Map<String, String> props) {
    this.config = new MqttSourceConfig(props);
    this.props = Map.copyOf(props);
  }

  @Override
  public Class<? extends Task> taskClass() {
    return MqttSourceTask.class;
  }

  @Override
  public List<Map<String, String>> taskConfigs(int maxTasks) {
    // Without a shared subscription every task would receive every message.
    int tasks = config.sharedGroup().isEmpty() ? 1 : maxTasks;
    List<Map<String, String>> configs = new ArrayList<>(tasks);
    for (int i = 0; i < tasks; i++) {
      Map<String, String> task = new HashMap<>(props);
      task.put(MqttSourceConfig.TASK_INDEX_CONFIG, Integer.toString(i));
      configs.add(task);
    }
    return configs;
  }

  @Override
  public void stop() {
    // Nothing to release: the connector itself holds no connections.
  }

  @Override
  public ConfigDef config() {
    return MqttSourceConfig.CONFIG_DEF;
  }

  @Override
  public Config validate(Map<String, String> connectorConfigs) {
    Config config = super.validate(connectorConfigs);
    new ConnectorValidation(connectorConfigs).addTo(config);
    return config;
  }

  /** MQTT cannot rewind, so there is nothing for a Kafka transaction to make exactly once. */
  @Override
  public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
    return ExactlyOnceSupport.UNSUPPORTED;
  }

  private static String implementationVersion() {
    String v = MqttSourceConnector.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
