package io.plantwatch.testsupport;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server binary from a Debian package, run as a child process with its output in a log file.
 * Fails with a message naming the package to install when the binary is absent.
 */
final class NativeServer {
  private static final Logger log = LoggerFactory.getLogger(NativeServer.class);
  private static final List<String> SEARCH_PATH =
      List.of("/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin", "/sbin", "/bin");

  private final String binary;
  private final Path executable;
  private final Path logFile;
  private final Map<String, String> environment = new HashMap<>();
  private Process process;

  NativeServer(String binary, String debianPackage, Path logFile) {
    this(binary, locate(binary, debianPackage), logFile);
  }

  /** A server run by an executable given by path, such as this JVM's {@code java}. */
  NativeServer(String name, Path executable, Path logFile) {
    this.binary = name;
    this.executable = executable;
    this.logFile = logFile;
  }

  static Path locate(String binary, String debianPackage) {
    List<String> dirs = new ArrayList<>();
    String path = System.getenv("PATH");
    if (path != null) {
      dirs.addAll(List.of(path.split(File.pathSeparator)));
    }
    dirs.addAll(SEARCH_PATH);
    for (String dir : dirs) {
      Path candidate = Path.of(dir, binary);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "'"
            + binary
            + "' was not found on PATH or in /usr/sbin: install the Debian package '"
            + debianPackage
            + "' (apt-get install "
            + debianPackage
            + "), or run scripts/test.sh, which installs every server the tests need");
  }

  Path executable() {
    return executable;
  }

  /** Variables added to the environment the process inherits, from its next start on. */
  NativeServer environment(Map<String, String> variables) {
    environment.putAll(variables);
    return this;
  }

  void start(List<String> args, BooleanSupplier ready, Duration timeout)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(executable.toString());
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(environment);
    process =
        builder
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
            .start();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!ready.getAsBoolean()) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            binary + " exited with code " + process.exitValue() + " at start; its log:\n" + tail());
      }
      if (System.nanoTime() > deadline) {
        process.destroyForcibly();
        throw new IllegalStateException(
            binary + " was not ready within " + timeout + "; its log:\n" + tail());
      }
      Thread.sleep(50);
    }
    log.info("{} started (pid {}), log {}", binary, process.pid(), logFile);
  }

  /** SIGTERM and wait, so the server saves its state as on a clean shutdown. */
  void stop() throws InterruptedException {
    if (process == null) {
      return;
    }
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      log.warn("{} ignored SIGTERM for 20 s; killing it", binary);
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    process = null;
  }

  /** SIGKILL: the server loses whatever it had not written, as on a power cut. */
  void kill() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      process = null;
    }
  }

  long pid() {
    return process == null ? -1 : process.pid();
  }

  String tail() {
    try {
      List<String> lines = Files.readAllLines(logFile);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }
}
