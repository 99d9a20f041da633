package io.plantwatch.analytics.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Where configuration comes from, in increasing precedence: the defaults, a properties file,
 * environment variables ({@code PLANTWATCH_INFLUX_TOKEN}), Spark's configuration ({@code
 * spark.plantwatch.*}, which is what {@code spark-submit --conf} passes on, or {@code
 * plantwatch.*}), and the job's own {@code --conf plantwatch.*=…} arguments.
 */
public final class ConfigSources {
  private static final String SPARK_PREFIX = "spark.";

  private final Map<String, String> merged = new LinkedHashMap<>();

  /** Adds the {@code plantwatch.*} entries of a properties file (UTF-8). */
  public ConfigSources file(Path path) {
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      p.load(in);
    } catch (IOException e) {
      throw new ConfigException(List.of("config file " + path + ": " + e.getMessage()));
    }
    for (String name : p.stringPropertyNames()) {
      merged.put(name.strip(), p.getProperty(name));
    }
    return this;
  }

  /** Adds the environment variable of every declared key that is set. */
  public ConfigSources environment(Map<String, String> env) {
    for (ConfigKey<?> key : JobConfig.KEYS) {
      String v = env.get(key.environmentVariable());
      if (v != null) {
        merged.put(key.name(), v);
      }
    }
    return this;
  }

  /** Adds {@code spark.plantwatch.*} and {@code plantwatch.*} entries of Spark's configuration. */
  public ConfigSources sparkConf(Map<String, String> sparkConf) {
    sparkConf.forEach(
        (name, value) -> {
          if (name.startsWith(SPARK_PREFIX + JobConfig.PREFIX)) {
            merged.put(name.substring(SPARK_PREFIX.length()), value);
          }
        });
    sparkConf.forEach(
        (name, value) -> {
          if (name.startsWith(JobConfig.PREFIX)) {
            merged.put(name, value);
          }
        });
    return this;
  }

  /** Adds {@code key=value} overrides; every one must be a {@code plantwatch.*} key. */
  public ConfigSources overrides(Map<String, String> overrides) {
    overrides.forEach(
        (name, value) -> {
          if (!name.startsWith(JobConfig.PREFIX)) {
            throw new ConfigException(
                List.of(name + ": --conf takes plantwatch.* keys (Spark keys go to spark-submit)"));
          }
          merged.put(name, value);
        });
    return this;
  }

  public JobConfig resolve() {
    return JobConfig.from(merged);
  }
}
