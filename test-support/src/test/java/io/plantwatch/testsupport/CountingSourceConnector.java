package io.plantwatch.testsupport;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceConnector;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

/** A tiny connector that emits {@code count} numbered records, to prove the worker runs plugins. */
public class CountingSourceConnector extends SourceConnector {
  private Map<String, String> props;

  @Override
  public void start(Map<String, String> props) {
    this.props = props;
  }

  @Override
  public Class<? extends Task> taskClass() {
    return CountingTask.class;
  }

  @Override
  public List<Map<String, String>> taskConfigs(int maxTasks) {
    return List.of(props);
  }

  @Override
  public void stop() {}

  @Override
  public ConfigDef config() {
    return new ConfigDef()
        .define("topic", ConfigDef.Type.STRING, ConfigDef.Importance.HIGH, "target topic")
        .define("count", ConfigDef.Type.INT, ConfigDef.Importance.HIGH, "records to emit");
  }

  @Override
  public String version() {
    return "test";
  }

  public static class CountingTask extends SourceTask {
    private String topic;
    private int remaining;
    private int next;

    @Override
    public String version() {
      return "test";
    }

    @Override
    public void start(Map<String, String> props) {
      topic = props.get("topic");
      remaining = Integer.parseInt(props.get("count"));
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
      if (remaining == 0) {
        Thread.sleep(100);
        return null;
      }
      List<SourceRecord> out = new ArrayList<>();
      while (remaining > 0) {
        remaining--;
        out.add(
            new SourceRecord(
                Map.of(),
                Map.of(),
                topic,
                null,
                Schema.BYTES_SCHEMA,
                ("n" + next++).getBytes(StandardCharsets.UTF_8)));
      }
      return out;
    }

    @Override
    public void stop() {}
  }
}
