package io.plantwatch.training.rul;

import picocli.CommandLine.Option;

/** The validation protocol's options, the same in {@code model train} and {@code evaluate}. */
public final class ProtocolOptions {
  @Option(
      names = "--repeats",
      defaultValue = "1",
      paramLabel = "R",
      description = "Repeats of the cross-validation (default: ${DEFAULT-VALUE}).")
  int repeats;

  @Option(
      names = "--folds",
      defaultValue = "5",
      paramLabel = "K",
      description = "Folds of whole units per repeat (default: ${DEFAULT-VALUE}).")
  int folds;

  @Option(
      names = "--draws",
      defaultValue = "10",
      paramLabel = "D",
      description =
          "Truncation draws per unit and repeat; each draw is one imitation test split of every"
              + " unit (default: ${DEFAULT-VALUE}).")
  int draws;

  @Option(
      names = "--protocol-seed",
      defaultValue = "7",
      paramLabel = "SEED",
      description = "Seed of the folds and the draws (default: ${DEFAULT-VALUE}).")
  long seed;

  public ValidationProtocol.Settings settings() {
    return new ValidationProtocol.Settings(repeats, folds, draws, seed);
  }
}
