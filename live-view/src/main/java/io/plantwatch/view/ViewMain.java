package io.plantwatch.view;

import io.plantwatch.telemetry.DurationText;
import io.plantwatch.telemetry.KafkaTopics;
import io.plantwatch.view.feed.FeedTopics;
import io.plantwatch.view.fleet.RuleThresholds;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/plantwatch view}: the live view beside any deployment, reading what the job publishes
 * on Kafka. Every option has an environment variable, for containers.
 */
@Command(
    name = "view",
    mixinStandardHelpOptions = true,
    version = "plantwatch ${sys:plantwatch.version:-dev}",
    description = {
      "The plant operator's live view in the browser: fleet, machine, alerts and pipeline pages,"
          + " from the job's topics on Kafka.",
      "Bound to loopback by default; bound to any other address it requires a token"
          + " (PLANTWATCH_VIEW_TOKEN or --token-file), given once as ?token=… in the browser."
    })
public final class ViewMain implements Callable<Integer> {
  /** The token, when it does not come from {@code --token-file}. */
  public static final String TOKEN_ENV = "PLANTWATCH_VIEW_TOKEN";

  @Option(
      names = "--kafka",
      defaultValue = "${env:PLANTWATCH_KAFKA_BOOTSTRAP:-localhost:9092}",
      description =
          "Kafka bootstrap servers (env PLANTWATCH_KAFKA_BOOTSTRAP; default ${DEFAULT-VALUE}).")
  String kafka;

  @Option(
      names = "--bind",
      defaultValue = "${env:PLANTWATCH_VIEW_BIND:-127.0.0.1}",
      description = "Address to listen on (env PLANTWATCH_VIEW_BIND; default ${DEFAULT-VALUE}).")
  String bind;

  @Option(
      names = "--port",
      defaultValue = "${env:PLANTWATCH_VIEW_PORT:-8090}",
      description =
          "Port to listen on, 0 for any free one (env PLANTWATCH_VIEW_PORT; default ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--token-file",
      defaultValue = "${env:PLANTWATCH_VIEW_TOKEN_FILE}",
      description =
          "File holding the access token (env PLANTWATCH_VIEW_TOKEN_FILE); the token"
              + " itself may come from PLANTWATCH_VIEW_TOKEN instead. Never logged.")
  Path tokenFile;

  @Option(
      names = "--outbox",
      defaultValue = "${env:PLANTWATCH_MAIL_OUTBOX}",
      description =
          "The job's mail outbox folder, to show each alert's mail (env PLANTWATCH_MAIL_OUTBOX).")
  Path outbox;

  @Option(
      names = "--history",
      defaultValue = "${env:PLANTWATCH_VIEW_HISTORY:-2h}",
      description =
          "How far back the charts go, at most (env PLANTWATCH_VIEW_HISTORY; default ${DEFAULT-VALUE}).")
  String history;

  @Option(
      names = "--windows-topic",
      defaultValue = KafkaTopics.WINDOWS,
      description = "Default ${DEFAULT-VALUE}.")
  String windowsTopic;

  @Option(
      names = "--health-topic",
      defaultValue = KafkaTopics.HEALTH,
      description = "Default ${DEFAULT-VALUE}.")
  String healthTopic;

  @Option(
      names = "--alerts-topic",
      defaultValue = KafkaTopics.ALERTS,
      description = "Default ${DEFAULT-VALUE}.")
  String alertsTopic;

  @Option(
      names = "--gateway-status-topic",
      defaultValue = KafkaTopics.GATEWAY_STATUS,
      description = "Default ${DEFAULT-VALUE}.")
  String gatewayStatusTopic;

  public static void main(String[] args) {
    // Its own file name, so that the jars of the local run, which bring theirs, never clash.
    if (System.getProperty("log4j2.configurationFile") == null) {
      System.setProperty("log4j2.configurationFile", "plantwatch-view-log4j2.xml");
    }
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new ViewMain());
    cl.setCommandName("plantwatch view");
    cl.setParameterExceptionHandler(
        (ex, args) -> {
          ex.getCommandLine()
              .getErr()
              .println("plantwatch view: " + ex.getMessage() + " (see --help)");
          return 2;
        });
    cl.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          commandLine.getErr().println("plantwatch view: " + ex.getMessage());
          return 1;
        });
    return cl;
  }

  @Override
  public Integer call() throws Exception {
    LiveView view =
        LiveView.start(
            new LiveView.Settings(
                kafka,
                new FeedTopics(windowsTopic, healthTopic, alertsTopic, gatewayStatusTopic),
                bind,
                port,
                token(),
                outbox,
                DurationText.parse(history),
                RuleThresholds.NONE,
                null));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  view.close();
                  stopped.countDown();
                },
                "live-view-stop"));
    System.out.println(
        "plantwatch view: " + view.uri() + "/ (reading " + kafka + "; Ctrl-C stops)");
    stopped.await();
    return 0;
  }

  private String token() throws java.io.IOException {
    if (tokenFile != null) {
      return Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
    }
    String env = System.getenv(TOKEN_ENV);
    return env == null ? null : env.strip();
  }
}
