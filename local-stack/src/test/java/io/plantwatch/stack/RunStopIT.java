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
 * {@code bin/plantwatch run} as a user runs it, in its own process: stopped by SIGTERM (what Ctrl-C
 * and a service manager send), it stops the stages in order with no ERROR and no stack trace in its
 * log and prints a tally whose figures agree; a second run in the same folder continues.
 */
class RunStopIT {
  private static final Path LAUNCHER = Path.of("..", "bin", "plantwatch").toAbsolutePath();

  @TempDir Path out;

  @Test
  void sigtermStopsInOrderWithoutErrorsAndASecondRunContinues() throws Exception {
    Path console1 = out.resolveSibling(out.getFileName() + "-run1.txt");
    Process first = start(console1, "--machines", "4", "--view-every", "2s", "--no-influxd");
    awaitLine(console1, "Ctrl-C stops everything", Duration.ofMinutes(3));
    Thread.sleep(15_000);
    first.destroy(); // SIGTERM
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
    assertThat(run1)
        .contains("this run's tally")
        .contains("every published reading was taken in, reached Kafka and was read by the job");
    assertCleanLog();
    int pointsAfterFirst = Files.readAllLines(out.resolve("machine_window_stats.lp")).size();

    Path console2 = out.resolveSibling(out.getFileName() + "-run2.txt");
    Process second = start(console2, "--machines", "4", "--duration", "20s", "--no-influxd");
    assertThat(second.waitFor(4, TimeUnit.MINUTES)).as("second run ended").isTrue();
    assertThat(second.exitValue()).as(Files.readString(console2)).isZero();
    assertThat(Files.readString(console2, StandardCharsets.UTF_8))
        .contains("this run's tally")
        .contains("every published reading was taken in, reached Kafka and was read by the job");
    assertCleanLog();
    assertThat(Files.readAllLines(out.resolve("machine_window_stats.lp")).size())
        .as("the second run wrote on into the same folder")
        .isGreaterThan(pointsAfterFirst);
  }

  private Process start(Path console, String... args) throws IOException {
    List<String> command =
        new java.util.ArrayList<>(List.of(LAUNCHER.toString(), "run", "--out", out.toString()));
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
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(file) && Files.readString(file, StandardCharsets.UTF_8).contains(text)) {
        return;
      }
      Thread.sleep(500);
    }
    throw new AssertionError(
        "no '"
            + text
            + "' within "
            + timeout
            + ":\n"
            + Files.readString(file, StandardCharsets.UTF_8));
  }
}
