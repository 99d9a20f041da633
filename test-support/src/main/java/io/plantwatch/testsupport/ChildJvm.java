package io.plantwatch.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * How the Kafka broker and Connect worker fixtures start their own JVMs: this JVM's {@code java},
 * the classpath test-support was built with (Kafka, Connect, a log4j binding, nothing of the test
 * JVM), a small heap, and log4j writing to the process's output, which goes to a log file.
 */
final class ChildJvm {
  private static final String CLASSPATH_RESOURCE = "kafka-child.classpath";

  private ChildJvm() {}

  static Path java() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }

  /** The arguments before the main class: classpath, heap, logging. */
  static List<String> options(Path dir, String heap) throws IOException {
    Path log4j = dir.resolve("log4j2.properties");
    writeLog4j(log4j);
    List<String> args = new ArrayList<>();
    args.add("-Xmx" + heap);
    args.add("-XX:+UseSerialGC");
    args.add("-Dlog4j2.configurationFile=" + log4j);
    // Temporary files (native libraries unpacked, Kafka's and Connect's scratch) in the process's
    // own directory, removed with it even after kill -9.
    args.add("-Djava.io.tmpdir=" + Files.createDirectories(dir.resolve("tmp")));
    args.add("-cp");
    args.add(classpath());
    return args;
  }

  /**
   * A log4j 2 configuration for a child JVM: WARN and above, plantwatch's own INFO, to the
   * process's output (which goes to its log file); {@code extraLines} add loggers.
   */
  static void writeLog4j(Path file, String... extraLines) throws IOException {
    List<String> lines =
        new ArrayList<>(
            List.of(
                "rootLogger.level=WARN",
                "rootLogger.appenderRef.out.ref=out",
                "appender.out.type=Console",
                "appender.out.name=out",
                "appender.out.layout.type=PatternLayout",
                "appender.out.layout.pattern=%d{HH:mm:ss.SSS} %-5p [%t] %c{1}: %m%n",
                "logger.plantwatch.name=io.plantwatch",
                "logger.plantwatch.level=INFO"));
    lines.addAll(List.of(extraLines));
    lines.add("");
    Files.writeString(file, String.join("\n", lines));
  }

  /**
   * A Kafka or Connect main class run on a properties file: the file written from {@code props},
   * and the command's arguments after {@code java}.
   */
  static List<String> onProperties(Path dir, String mainClass, Path file, Properties props)
      throws IOException {
    try (var out = Files.newBufferedWriter(file)) {
      props.store(out, "plantwatch test " + mainClass);
    }
    List<String> args = new ArrayList<>(options(dir, "512m"));
    args.add(mainClass);
    args.add(file.toString());
    return args;
  }

  static String classpath() throws IOException {
    try (InputStream in = ChildJvm.class.getResourceAsStream(CLASSPATH_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            CLASSPATH_RESOURCE + " is missing: build test-support with Maven (generate-resources)");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    }
  }

  /** Runs a short-lived tool in its own JVM and fails with its output unless it exits 0. */
  static void run(Path dir, String mainClass, List<String> args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(java().toString());
    command.addAll(options(dir, "256m"));
    command.add(mainClass);
    command.addAll(args);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException(mainClass + " " + args + " failed:\n" + out);
    }
  }
}
