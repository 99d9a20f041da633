package io.plantwatch.devices;

import io.plantwatch.devices.replay.ReplayCommand;
import io.plantwatch.devices.sim.SimulateCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code bin/plantwatch gateway simulate} and {@code gateway replay}: the devices on the far side
 * of a site broker, a simulated fleet ({@code simulate}) and a recorded C-MAPSS fleet ({@code
 * replay}). The launcher keeps them under {@code gateway}, where users have always typed them, and
 * passes that name in {@code plantwatch.command} so usage lines show what the user typed.
 */
@Command(
    name = "devices",
    mixinStandardHelpOptions = true,
    version = "plantwatch ${sys:plantwatch.version:-dev}",
    description = "plantwatch's device simulators: a simulated fleet and a C-MAPSS replay.",
    subcommands = {SimulateCommand.class, ReplayCommand.class})
public final class DevicesMain implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line with plantwatch's error style: one line, non-zero exit. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new DevicesMain());
    String name = System.getProperty("plantwatch.command", "devices");
    cl.setCommandName("plantwatch " + name);
    cl.setParameterExceptionHandler(
        (ex, args) -> {
          ex.getCommandLine()
              .getErr()
              .println("plantwatch " + name + ": " + ex.getMessage() + " (see --help)");
          return 2;
        });
    cl.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          commandLine.getErr().println("plantwatch " + name + ": " + ex.getMessage());
          return 1;
        });
    return cl;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "name a sub-command: simulate or replay");
  }
}
