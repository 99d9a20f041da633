package io.plantwatch.gateway;

import io.plantwatch.gateway.replay.ReplayCommand;
import io.plantwatch.gateway.sim.SimulateCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code bin/plantwatch gateway}: the edge gateway ({@code run}), the fleet simulator ({@code
 * simulate}) and the recorded-data replay ({@code replay}).
 */
@Command(
    name = "gateway",
    mixinStandardHelpOptions = true,
    versionProvider = GatewayMain.Version.class,
    description = "The plantwatch edge gateway and its device simulators.",
    subcommands = {RunCommand.class, SimulateCommand.class, ReplayCommand.class})
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
        spec.commandLine(), "name a sub-command: run, simulate or replay");
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = GatewayMain.class.getPackage().getImplementationVersion();
      return new String[] {"plantwatch gateway " + (v == null ? "dev" : v)};
    }
  }
}
