package io.plantwatch.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/plantwatch run} as a user runs it, in its own process with influxd: stopped by Ctrl-C
 * in a terminal (SIGINT to the whole foreground process group), it stops the stages in order, with
 * influxd still there for the last windows, no ERROR and no stack trace in its log, and prints a
 * tally whose figures agree; killed with {@code kill -9}, it leaves no influxd behind; a run after
 * both in the same folder continues.
 */
class RunStopIT {
  private static final Path LAUNCHER = Path.of("..", "bin", "plantwatch").toAbsolutePath();

  @TempDir Path out;

  @Test
  void ctrlCStopsInOrderKillNineLeavesNoServerAndALaterRunContinues() throws Exception {
    Path console1 = out.resolveSibling(out.getFileName() + "-run1.txt");
    Process first = start(console1, "--machines", "4", "--view-every", "2s");
    awaitLine(console1, "Ctrl-C stops everything", Duration.ofMinutes(3));
    // Stopped once the view shows every machine's windows: the job has written to influxd.
    awaitPattern(console1, "\\n  OK +press-004 +current=[0-9.]+/[0-9.]+", Duration.ofMinutes(2));
    long influxd = influxdPid().orElseThrow(() -> new AssertionError("the run started no influxd"));
    // What a terminal does on Ctrl-C: SIGINT to every process of the foreground group.
    signalGroup(first, "-INT");
    assertThat(first.waitFor(150, TimeUnit.SECONDS)).as("stopped within 150 s").isTrue();
    String run1 = Files.readString(console1, StandardCharsets.UTF_8);
    // The console, piped to a file: a plain log; every machine with avg/max and its alert state,
    // readings apart from gateway status records, no rate before there is a previous view.
    assertThat(run1)
        .doesNotContain("\033[2J")
        .contains("machines, newest 1m/10s window (avg/max):")
        .containsPattern("\\n  OK +press-00[1-4] +current=[0-9.]+/[0-9.]+")
        .containsPattern("connector → Kafka +[0-9]+ +- +readings; also [0-9]+ gateway status")
        .doesNotContain("1970-01-01");
    // influxd outlived the SIGINT: the job wrote its last windows to it before the run stopped it.
    assertThat(run1)
        .contains("this run's tally")
        .contains("every published reading was taken in, reached Kafka and was read by the job")
        .containsPattern("window values written +[1-9][0-9,]*");
    assertCleanLog();
    assertThat(ProcessHandle.of(influxd).map(ProcessHandle::isAlive).orElse(false))
        .as("influxd stopped with the run")
        .isFalse();

    Path console2 = out.resolveSibling(out.getFileName() + "-run2.txt");
    Process second = start(console2, "--machines", "4");
    awaitLine(console2, "Ctrl-C stops everything", Duration.ofMinutes(3));
    long influxd2 = influxdPid().orElseThrow(() -> new AssertionError("run 2 started no influxd"));
    second.destroyForcibly(); // kill -9: no shutdown hook runs
    assertThat(second.waitFor(30, TimeUnit.SECONDS)).isTrue();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (ProcessHandle.of(influxd2).map(ProcessHandle::isAlive).orElse(false)
        && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    assertThat(ProcessHandle.of(influxd2).map(ProcessHandle::isAlive).orElse(false))
        .as("influxd ended within 15 s of its run's kill -9")
        .isFalse();

    Path console3 = out.resolveSibling(out.getFileName() + "-run3.txt");
    Process third = start(console3, "--machines", "4", "--duration", "10s");
    assertThat(third.waitFor(4, TimeUnit.MINUTES)).as("third run ended").isTrue();
    String run3 = Files.readString(console3, StandardCharsets.UTF_8);
    assertThat(third.exitValue()).as(run3).isZero();
    assertThat(run3)
        .contains("this run's tally")
        .contains("every published reading was taken in, reached Kafka and was read by the job")
        .containsPattern("window values written +[1-9][0-9,]*");
    assertCleanLog();
  }

  /** The influxd serving this test's folder, if one runs. */
  private java.util.Optional<Long> influxdPid() {
    String config = out.resolve("influxdb").resolve("influxdb.conf").toString();
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().orElse("").contains(config))
        .filter(p -> p.info().command().orElse("").endsWith("influxd"))
        .map(ProcessHandle::pid)
        .findFirst();
  }

  private static void signalGroup(Process leader, String signal) throws Exception {
    Process kill = new ProcessBuilder("kill", signal, "--", "-" + leader.pid()).inheritIO().start();
    assertThat(kill.waitFor()).as("kill " + signal + " -" + leader.pid()).isZero();
  }

  private Process start(Path console, String... args) throws IOException {
    // As a terminal's shell runs a foreground job: in a process group of its own (its pid), and
    // with SIGINT handled. A build started in the background by a non-interactive shell (nohup,
    // `&`) passes SIGINT on as ignored, and a JVM that starts with SIGINT ignored leaves it so.
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                "env",
                "--default-signal=INT",
                "setsid",
                LAUNCHER.toString(),
                "run",
                "--out",
                out.toString()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(console.toFile())
        .start();
  }

  private void assertCleanLog() throws IOException {
    List<String> log = Files.readAllLines(out.resolve("plantwatch.log"), StandardCharsets.UTF_8);
    assertThat(log).as("ERROR lines in the log").noneMatch(l -> l.contains(" ERROR "));
    assertThat(log).as("stack traces in the log").noneMatch(l -> l.startsWith("\tat "));
  }

  private static void awaitLine(Path file, String text, Duration timeout) throws Exception {
    awaitPattern(file, java.util.regex.Pattern.quote(text), timeout);
  }

  private static void awaitPattern(Path file, String regex, Duration timeout) throws Exception {
    java.util.regex.Pattern pattern = java.util.regex.Pattern.compile(regex);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(file)
          && pattern.matcher(Files.readString(file, StandardCharsets.UTF_8)).find()) {
        return;
      }
      Thread.sleep(500);
    }
    String text = regex;
    throw new AssertionError(
        "no '"
            + text
            + "' within "
            + timeout
            + ":\n"
            + Files.readString(file, StandardCharsets.UTF_8));
  }
}
