package io.plantwatch.training.rul;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bin/plantwatch model}: the health model's offline commands. */
@Command(
    name = "model",
    mixinStandardHelpOptions = true,
    version = "plantwatch ${sys:plantwatch.version:-dev}",
    usageHelpWidth = 100,
    description = "The health model (remaining useful life): train it offline with Spark MLlib.",
    subcommands = TrainCommand.class)
public final class ModelCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a sub-command: train");
  }
}
