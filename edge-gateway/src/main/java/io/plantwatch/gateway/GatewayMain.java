package io.plantwatch.gateway;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code bin/plantwatch gateway run}: the edge gateway. ({@code gateway simulate} and {@code
 * gateway replay} are devices, not the gateway: the launcher sends them to the devices module.)
 */
@Command(
    name = "plantwatch gateway",
    mixinStandardHelpOptions = true,
    version = "plantwatch ${sys:plantwatch.version:-dev}",
    description = {
      "The plantwatch edge gateway.",
      "Devices: bin/plantwatch gateway simulate --help, bin/plantwatch gateway replay --help."
    },
    subcommands = {RunCommand.class})
public final class GatewayMain implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line with plantwatch's error style: one line, non-zero exit. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new GatewayMain());
    cl.setParameterExceptionHandler(
        (ex, args) -> {
          ex.getCommandLine()
              .getErr()
              .println("plantwatch gateway: " + ex.getMessage() + " (see --help)");
          return 2;
        });
    cl.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          commandLine.getErr().println("plantwatch gateway: " + ex.getMessage());
          return 1;
        });
    return cl;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "name a sub-command: run (or simulate, replay: the devices)");
  }
}
