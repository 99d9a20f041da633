package io.plantwatch.training.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plantwatch.analytics.health.ModelManifest;
import io.plantwatch.training.TrainingMain;
import io.plantwatch.training.rul.ProtocolRecord;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The protocol through the command line, on the first 16 units of FD001 with small learners: {@code
 * model train} validates the recipe and records the figures; {@code evaluate rul --protocol}
 * reports exactly those figures for the model (from its saved run), and {@code evaluate alerts
 * --protocol} replays one truncation per unit and draw.
 */
class ProtocolCommandsIT {
  static final Path TRAIN = Path.of("../testdata/cmapss/train_FD001.txt");
  static final List<String> PROTOCOL = List.of("--repeats", "1", "--folds", "2", "--draws", "2");

  @TempDir Path dir;

  @Test
  void evaluateReportsTheFiguresTrainingRecordedAndAlertsReplayEveryTruncation() throws Exception {
    Path small = dir.resolve("train_16.txt");
    Files.write(
        small,
        Files.readAllLines(TRAIN).stream()
            .filter(l -> Integer.parseInt(l.strip().split("\\s+")[0]) <= 16)
            .toList());
    Path model = dir.resolve("model");

    String trained =
        run("model", "train", "--train", small, "--out", model, "--trees", "5", "--json");
    ModelManifest manifest = ModelManifest.read(model.resolve(ModelManifest.FILE));
    assertThat(new ObjectMapper().readTree(trained).get("name").asText())
        .isEqualTo(manifest.name());
    assertThat(Files.isRegularFile(model.resolve(ProtocolRecord.FILE))).isTrue();
    // one split per draw, each a truncation of all 16 units
    assertThat(manifest.protocol().get("splits")).isEqualTo(2.0);
    assertThat(manifest.protocol().get("units_per_split")).isEqualTo(16.0);
    assertThat(manifest.protocol().get("rmse_ci_low"))
        .isLessThanOrEqualTo(manifest.protocol().get("rmse"));
    assertThat(manifest.bandHalfWidths()).hasSize(manifest.bandEdges().size() + 1);

    JsonNode evaluated =
        new ObjectMapper()
            .readTree(
                run("evaluate", "rul", "--model", model, "--train", small, "--protocol", "--json"));
    assertThat(new ObjectMapper().convertValue(evaluated.get("protocol"), java.util.Map.class))
        .isEqualTo(new ObjectMapper().convertValue(manifest.protocol(), java.util.Map.class));

    JsonNode alerts =
        new ObjectMapper()
            .readTree(
                run(
                    "evaluate",
                    "alerts",
                    "--model",
                    model,
                    "--train",
                    small,
                    "--protocol",
                    "--json"));
    assertThat(alerts.get("truncations").asInt()).isEqualTo(32);
    assertThat(alerts.get("missed").asInt())
        .isLessThanOrEqualTo(alerts.get("truncations_within_30").asInt());
    for (JsonNode u : alerts.get("per_unit")) {
      assertThat(u.get("missed").asBoolean() || u.get("false_alarm").asBoolean()).isTrue();
    }
  }

  /** Runs {@code plantwatch args…} with the protocol's small settings; its stdout. */
  private static String run(Object... args) {
    CommandLine cli = TrainingMain.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    List<String> all = new java.util.ArrayList<>();
    for (Object a : args) {
      all.add(a.toString());
    }
    all.addAll(PROTOCOL);
    int exit = cli.execute(all.toArray(String[]::new));
    assertThat(exit).as("%s: %s", all, err).isZero();
    return out.toString();
  }
}
