package io.plantwatch.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class HealthCommandsTest {
  @TempDir Path dir;

  @Test
  void evaluateRulWithAMissingModelExitsTwoNamingThePath() {
    CommandLine cli = TrainingMain.commandLine();
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err));
    Path missing = dir.resolve("no-model");
    int code =
        cli.execute(
            "evaluate",
            "rul",
            "--model",
            missing.toString(),
            "--train",
            "train.txt",
            "--units",
            "81-100");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .isEqualTo(
            "plantwatch evaluate rul: health model "
                + missing.toAbsolutePath()
                + ": no such directory"
                + System.lineSeparator());
  }

  @Test
  void evaluateRulNeedsATestOrATrainSplit() {
    CommandLine cli = TrainingMain.commandLine();
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err));
    int code = cli.execute("evaluate", "rul", "--model", dir.toString());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("Error: Missing required argument");
  }

  @Test
  void modelTrainRequiresItsFiles() {
    CommandLine cli = TrainingMain.commandLine();
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err));
    assertThat(cli.execute("model", "train", "--out", dir.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("Missing required option: '--train=FILE'");
  }
}
