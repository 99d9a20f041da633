package io.plantwatch.training;

import io.plantwatch.analytics.health.ModelLoadException;
import io.plantwatch.training.rul.ModelCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code bin/plantwatch model} and {@code bin/plantwatch evaluate}: training the health model
 * offline and evaluating it and the alert rules on recorded run-to-failure data. The live job
 * (analytics-job) only scores; everything that learns or judges from a dataset is here.
 */
@Command(
    name = "plantwatch",
    mixinStandardHelpOptions = true,
    usageHelpWidth = 100,
    version = "plantwatch ${sys:plantwatch.version:-dev}",
    description = "Offline: train the health model, evaluate it and the alert rules.",
    subcommands = {ModelCommand.class, EvaluateCommand.class})
public final class TrainingMain implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line with plantwatch's error style: one line, non-zero exit. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new TrainingMain());
    String name = "plantwatch " + System.getProperty("plantwatch.command", "model");
    cli.setParameterExceptionHandler(
        (e, a) -> {
          e.getCommandLine().getErr().println(name + ": " + e.getMessage() + " (--help for usage)");
          return 2;
        });
    cli.setExecutionExceptionHandler(
        (e, c, parsed) -> {
          if (e instanceof ModelLoadException) {
            c.getErr().println(name + ": " + e.getMessage());
            return 2;
          }
          throw e;
        });
    return cli;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "name a sub-command: model train, evaluate rul or evaluate alerts");
  }
}
