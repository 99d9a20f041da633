package io.plantwatch.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code bin/plantwatch run} starts, and where each stage connects. A null broker URI or Kafka
 * bootstrap means "start one inside this JVM"; a null InfluxDB URL means "write the points to a
 * line-protocol file under {@code out}".
 *
 * @param out folder of everything the run writes: points, outbox, gateway queue, checkpoints, log
 * @param siteBroker external site broker URI, or null for the embedded one
 * @param uplinkBroker external uplink broker URI, or null for the embedded one
 * @param kafkaBootstrap external Kafka bootstrap servers, or null for the embedded broker
 * @param fleet the simulated devices, or null for none (real devices publish to the site broker)
 * @param cmapss a C-MAPSS file to replay instead of the simulator, or null
 * @param connectorTasks tasks of the embedded Connect worker's connector; 0 starts no Connect
 *     worker, for a connector run by a Connect cluster of its own
 * @param jobConf further analytics-job keys ({@code plantwatch.*}), applied last
 * @param gatewayOverrides gateway settings by their environment names ({@code
 *     PLANTWATCH_GATEWAY_…}), applied over the process environment
 * @param influxd without {@code influx}: start Debian's {@code influxd} as a child process with its
 *     data under {@code out} and write there, instead of the line-protocol file
 * @param viewPort the live view's port on loopback (0 = any free one), or null for no view
 */
public record StackSettings(
    Path out,
    String siteBroker,
    String uplinkBroker,
    String kafkaBootstrap,
    int siteBrokerPort,
    int uplinkBrokerPort,
    Fleet fleet,
    Replay cmapss,
    int connectorTasks,
    int partitions,
    String windows,
    Duration watermark,
    Duration trigger,
    Influx influx,
    Map<String, String> jobConf,
    Map<String, String> gatewayOverrides,
    boolean influxd,
    Integer viewPort) {

  /**
   * The simulated fleet: {@code machines} machines reporting {@code metrics} every tick; a tick is
   * {@code stepMs} of event time and {@code ticksPerSecond} of wall time (0 = as fast as the broker
   * takes them). With {@code ticks} > 0 the run of ticks ends there and, if {@code backdated}, its
   * event time ends now (so an accelerated run stays within the gateway's time checks).
   */
  public record Fleet(
      int machines,
      List<String> metrics,
      double ticksPerSecond,
      long stepMs,
      long ticks,
      Long startMs,
      int degrading,
      double faultProbability,
      long seed,
      Path sentLog) {}

  /** A C-MAPSS replay: file, units (e.g. {@code 1-10}), cycles per second. */
  public record Replay(Path file, String units, double speed) {}

  /**
   * An InfluxDB the job writes to: {@code api} is the job's {@code plantwatch.influx.api} ({@code
   * v1}, {@code v2} or {@code auto}); v2 reads org, bucket and token, v1 database, user and
   * password. Token and password are never logged.
   */
  public record Influx(
      String url,
      String api,
      String token,
      String org,
      String bucket,
      String database,
      String username,
      String password) {

    /** InfluxDB 2.x/3.x (or 1.8+) over the v2 write API. */
    public static Influx v2(String url, String token, String org, String bucket) {
      return new Influx(url, "v2", token, org, bucket, "plantwatch", "", "");
    }

    /** InfluxDB 1.x over its own write API. */
    public static Influx v1(String url, String database, String username, String password) {
      return new Influx(url, "v1", "", "plantwatch", "plantwatch", database, username, password);
    }

    @Override
    public String toString() {
      return "v1".equals(api)
          ? "Influx[url=" + url + ", api=v1, database=" + database + ", user=" + username + "]"
          : "Influx[url=" + url + ", api=" + api + ", org=" + org + ", bucket=" + bucket + "]";
    }
  }

  public Path pointsFile() {
    return out.resolve("machine_window_stats.lp");
  }

  public Path influxdDirectory() {
    return out.resolve("influxdb");
  }

  public Path outbox() {
    return out.resolve("outbox");
  }

  /** Settings named one by one; what is not named is {@code bin/plantwatch run}'s default. */
  public static Builder in(Path out) {
    return new Builder(out);
  }

  /** Builds {@link StackSettings} by name instead of by position. */
  public static final class Builder {
    private final Path out;
    private String siteBroker;
    private String uplinkBroker;
    private String kafkaBootstrap;
    private int siteBrokerPort;
    private int uplinkBrokerPort;
    private Fleet fleet;
    private Replay cmapss;
    private int connectorTasks = 2;
    private int partitions = 4;
    private String windows = "1m/10s";
    private Duration watermark = Duration.ofMinutes(2);
    private Duration trigger = Duration.ofSeconds(2);
    private Influx influx;
    private final Map<String, String> jobConf = new LinkedHashMap<>();
    private final Map<String, String> gatewayOverrides = new LinkedHashMap<>();
    private boolean influxd;
    private Integer viewPort;

    private Builder(Path out) {
      this.out = out;
    }

    /** External brokers, or null to start them in this JVM (on the given ports, 0 = any). */
    public Builder brokers(String site, int sitePort, String uplink, int uplinkPort) {
      this.siteBroker = site;
      this.siteBrokerPort = sitePort;
      this.uplinkBroker = uplink;
      this.uplinkBrokerPort = uplinkPort;
      return this;
    }

    public Builder kafkaBootstrap(String bootstrap) {
      this.kafkaBootstrap = bootstrap;
      return this;
    }

    public Builder fleet(Fleet fleet) {
      this.fleet = fleet;
      return this;
    }

    public Builder replay(Replay replay) {
      this.cmapss = replay;
      return this;
    }

    public Builder connectorTasks(int tasks) {
      this.connectorTasks = tasks;
      return this;
    }

    public Builder partitions(int partitions) {
      this.partitions = partitions;
      return this;
    }

    /** The job's window specs, lateness and trigger. */
    public Builder windows(String specs, Duration watermark, Duration trigger) {
      this.windows = specs;
      this.watermark = watermark;
      this.trigger = trigger;
      return this;
    }

    public Builder influx(Influx influx) {
      this.influx = influx;
      return this;
    }

    /** Start influxd as a child process and write there (when no InfluxDB is given). */
    public Builder influxd(boolean start) {
      this.influxd = start;
      return this;
    }

    /** Serve the live view on loopback at {@code port} (0 = any free port). */
    public Builder view(Integer port) {
      this.viewPort = port;
      return this;
    }

    public Builder jobConf(Map<String, String> conf) {
      jobConf.putAll(conf);
      return this;
    }

    public Builder gatewayOverrides(Map<String, String> overrides) {
      gatewayOverrides.putAll(overrides);
      return this;
    }

    public StackSettings build() {
      return new StackSettings(
          out,
          siteBroker,
          uplinkBroker,
          kafkaBootstrap,
          siteBrokerPort,
          uplinkBrokerPort,
          fleet,
          cmapss,
          connectorTasks,
          partitions,
          windows,
          watermark,
          trigger,
          influx,
          Map.copyOf(jobConf),
          Map.copyOf(gatewayOverrides),
          influxd,
          viewPort);
    }
  }
}
