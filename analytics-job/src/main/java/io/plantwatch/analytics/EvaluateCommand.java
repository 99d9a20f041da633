package io.plantwatch.analytics;

import io.plantwatch.analytics.alerts.evaluate.EvaluateAlertsCommand;
import io.plantwatch.analytics.health.RulEvaluateCommand;
import picocli.CommandLine.Command;

/** {@code bin/plantwatch evaluate}: the evaluations on recorded run-to-failure data. */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    usageHelpWidth = 100,
    description =
        "Evaluates on C-MAPSS run-to-failure data: the health model (rul) and the alert rules"
            + " (alerts).",
    subcommands = {RulEvaluateCommand.class, EvaluateAlertsCommand.class})
final class EvaluateCommand {}
