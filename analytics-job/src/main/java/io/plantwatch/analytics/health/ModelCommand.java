package io.plantwatch.analytics.health;

import picocli.CommandLine.Command;

/** {@code bin/plantwatch model}: the health model's offline commands. */
@Command(
    name = "model",
    mixinStandardHelpOptions = true,
    usageHelpWidth = 100,
    description = "The health model (remaining useful life): train it offline with Spark MLlib.",
    subcommands = TrainCommand.class)
public final class ModelCommand {}
