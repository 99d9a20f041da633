package io.plantwatch.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.plantwatch.analytics.config.ConfigReference;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class AnalyticsJobMainTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = AnalyticsJobMain.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void helpDescribesTheOptionsAndExitsZero() {
    assertThat(run("--help")).isEqualTo(0);
    assertThat(out.toString())
        .startsWith("Usage: plantwatch job ")
        .contains("--conf=plantwatch.KEY=VALUE")
        .contains("--config-file=FILE")
        .contains("spark-submit --class io.plantwatch.analytics.AnalyticsJobMain");
  }

  @Test
  void anUnknownOptionIsOneLineAndExitCodeTwo() {
    assertThat(run("--bogus")).isEqualTo(2);
    assertThat(err.toString())
        .isEqualTo(
            "plantwatch job: Unknown option: '--bogus' (--help for usage)"
                + System.lineSeparator());
  }

  @Test
  void aMissingCheckpointIsOneLineNamingTheKey() {
    assertThat(run("--print-config")).isEqualTo(2);
    assertThat(err.toString())
        .startsWith("plantwatch job: bad configuration: plantwatch.checkpoint: is required");
    assertThat(err.toString().lines().count()).isEqualTo(1);
  }

  @Test
  void printConfigShowsEffectiveValuesWithTheTokenHidden() {
    assertThat(
            run(
                "--print-config",
                "--conf",
                "plantwatch.checkpoint=/tmp/cp",
                "--conf",
                "plantwatch.influx.token=s3cr3t",
                "--conf",
                "plantwatch.windows=1m/10s,1h/5m"))
        .isEqualTo(0);
    assertThat(out.toString())
        .contains("plantwatch.checkpoint=/tmp/cp\n")
        .contains("plantwatch.windows=1m/10s,1h/5m\n")
        .contains("plantwatch.influx.token=[hidden]\n")
        .doesNotContain("s3cr3t");
  }

  @Test
  void configReferencePrintsTheGeneratedTable() {
    assertThat(run("--config-reference")).isEqualTo(0);
    assertThat(out.toString()).isEqualTo(ConfigReference.markdown());
  }
}
