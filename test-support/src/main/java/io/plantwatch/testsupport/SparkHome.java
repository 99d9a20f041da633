package io.plantwatch.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Spark installation assembled from jars, laid out as a distribution's {@code SPARK_HOME}: {@code
 * jars/} (links to the given jars, as Maven resolved them) and {@code conf/} (log4j at WARN). A
 * standalone Worker builds its executors' command from this layout ({@code SPARK_HOME/jars} and
 * {@code SPARK_SCALA_VERSION}), exactly as it does in a real installation.
 *
 * @param dir the SPARK_HOME
 * @param jvmOptions options every Spark JVM needs on this Java (the {@code --add-opens} list)
 */
public record SparkHome(Path dir, List<String> jvmOptions) {

  /** Creates the layout in a new temporary directory, with links to {@code jars}. */
  public static SparkHome assemble(List<Path> jars, List<String> jvmOptions) throws IOException {
    Path dir = TempDirs.create("spark-home");
    Files.createDirectories(dir.resolve("jars"));
    for (Path jar : jars) {
      Path link = dir.resolve("jars").resolve(jar.getFileName());
      if (!Files.exists(link)) {
        Files.createSymbolicLink(link, jar.toAbsolutePath());
      }
    }
    Files.createDirectories(dir.resolve("conf"));
    // Spark's deploy classes at INFO: the Master's and Workers' logs say who runs which executor.
    ChildJvm.writeLog4j(
        dir.resolve("conf").resolve("log4j2.properties"),
        "logger.deploy.name=org.apache.spark.deploy",
        "logger.deploy.level=INFO");
    return new SparkHome(dir, List.copyOf(jvmOptions));
  }

  /** Removes the layout, and what the Workers wrote under it ({@code work/}), once all stopped. */
  public void delete() {
    TempDirs.deleteRecursively(dir);
  }

  /** What a Spark daemon, the driver and the executors need in their environment. */
  public Map<String, String> environment() {
    Map<String, String> env = new HashMap<>();
    env.put("SPARK_HOME", dir.toString());
    env.put("SPARK_CONF_DIR", dir.resolve("conf").toString());
    env.put("SPARK_SCALA_VERSION", "2.13");
    env.put("JAVA_HOME", System.getProperty("java.home"));
    env.put("MALLOC_ARENA_MAX", "2");
    return env;
  }

  /** {@code java} arguments up to the main class: heap, module options, classpath. */
  List<String> javaOptions(String heap) {
    List<String> args = new ArrayList<>();
    args.add("-Xmx" + heap);
    args.add("-XX:+UseSerialGC");
    args.addAll(jvmOptions);
    args.add("-cp");
    args.add(dir.resolve("conf") + java.io.File.pathSeparator + dir.resolve("jars") + "/*");
    return args;
  }
}
