package io.plantwatch.training;

import io.plantwatch.training.alerts.EvaluateAlertsCommand;
import io.plantwatch.training.rul.RulEvaluateCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bin/plantwatch evaluate}: the evaluations on recorded run-to-failure data. */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    version = "plantwatch ${sys:plantwatch.version:-dev}",
    usageHelpWidth = 100,
    description =
        "Evaluates on C-MAPSS run-to-failure data: the health model (rul) and the alert rules"
            + " (alerts).",
    subcommands = {RulEvaluateCommand.class, EvaluateAlertsCommand.class})
final class EvaluateCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "name a sub-command: rul or alerts");
  }
}
