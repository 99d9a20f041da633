package io.plantwatch.training.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plantwatch.analytics.it.LocalSpark;
import io.plantwatch.training.alerts.EvaluateAlertsCommand;
import io.plantwatch.training.rul.Recipe;
import io.plantwatch.training.rul.RulTraining;
import io.plantwatch.training.rul.UnitRange;
import io.plantwatch.training.rul.ValidationProtocol;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code evaluate alerts --model}: a health model trained on units 1-85 (its band calibrated by the
 * protocol over them) scores every cycle of the held-back units 86-100, and the shipped example
 * rule set, whose {@code predicted_life} rule takes its limit from that band, raises no false alarm
 * and misses no unit there.
 */
class PredictedLifeEvaluationIT {
  static final Path TRAIN = Path.of("../testdata/cmapss/train_FD001.txt");

  @TempDir Path modelDir;

  @Test
  void theExampleRulesWithTheModelWarnEveryHeldBackUnitWithoutFalseAlarm() throws Exception {
    RulTraining.train(
        LocalSpark.session(),
        new RulTraining.Options(
            TRAIN,
            modelDir,
            UnitRange.parse("1-85"),
            Recipe.shipped(30, 20, 7),
            0.9,
            new ValidationProtocol.Settings(1, 3, 2, 7)),
        null);
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new EvaluateAlertsCommand());
    cli.setOut(new PrintWriter(out));
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err));
    int exit =
        cli.execute(
            "--train",
            TRAIN.toString(),
            "--units",
            "86-100",
            "--model",
            modelDir.toString(),
            "--json");
    assertThat(exit).as("exit code; stderr: %s", err).isEqualTo(0);
    JsonNode r = new ObjectMapper().readTree(out.toString());
    System.out.println("evaluate alerts --model, units 86-100: " + out);
    assertThat(r.get("units").asInt()).isEqualTo(15);
    assertThat(r.get("alerted").asInt()).isEqualTo(15);
    assertThat(r.get("false_alarms").asInt()).isZero();
    assertThat(r.get("missed").asInt()).isZero();
    assertThat(r.get("min_rul_at_first_alert").asInt()).isGreaterThanOrEqualTo(10);
    long byModel = 0;
    for (JsonNode u : r.get("per_unit")) {
      if (u.get("rule").asText().equals("predicted-life-short")) {
        byModel++;
      }
    }
    assertThat(byModel).as("units first warned by the model").isPositive();
  }
}
