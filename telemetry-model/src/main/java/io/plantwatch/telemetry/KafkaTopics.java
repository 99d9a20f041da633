package io.plantwatch.telemetry;

/** The Kafka topics of contract 4, by their default names (each is configurable). */
public final class KafkaTopics {
  /** One record per reading, key = machine id. */
  public static final String READINGS = "telemetry.readings";

  /** Quarantine records of the gateways, the connector and the analytics job. */
  public static final String REJECTED = "telemetry.rejected";

  /** The gateways' retained status, compacted, key = gateway id. */
  public static final String GATEWAY_STATUS = "telemetry.gateway-status";

  /** One event per alert transition, key = its idempotency key. */
  public static final String ALERTS = "maintenance.alerts";

  /**
   * Each window's newest value, compacted, key = the JSON array {@code
   * [site,line,machine,metric,window]} (contract 4b).
   */
  public static final String WINDOWS = "telemetry.windows";

  /**
   * The windows the alert rules read, each once when final for them (the analytics job's own
   * hand-over from its windows query to its alert query), compacted, key as {@link #WINDOWS}.
   */
  public static final String JUDGED_WINDOWS = "telemetry.judged-windows";

  /**
   * Each machine's newest remaining-life prediction, compacted, key = {@code [site,line,machine]}.
   */
  public static final String HEALTH = "telemetry.health";

  private KafkaTopics() {}
}
