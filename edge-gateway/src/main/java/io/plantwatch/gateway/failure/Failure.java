package io.plantwatch.gateway.failure;

/**
 * A failure as the gateway acts on it: where it happened, whether waiting can heal it, and a
 * sentence an operator can act on.
 */
public record Failure(Source source, Verdict verdict, String message) {

  /** The part of the gateway the failure came from. */
  public enum Source {
    /** A broker connection, subscription or publish. */
    MQTT,
    /** The durable queue (RocksDB). */
    QUEUE,
    /** Anything else: a bug or bad data in the gateway's own code. */
    GATEWAY
  }

  /** What retrying can do about it. */
  public enum Verdict {
    /** Weather that passes (a broker restarting, a busy disk): retried with backoff. */
    TRANSIENT,
    /**
     * Will not heal until someone changes a credential, an ACL or frees a disk; still retried,
     * because that is often done while the gateway runs, but logged as an error.
     */
    OPERATOR,
    /** Retrying cannot help (a corrupt queue): the gateway stops with this message. */
    FATAL
  }

  public boolean retriable() {
    return verdict != Verdict.FATAL;
  }

  /** True when someone has to act: retrying alone will not make it pass. */
  public boolean needsOperator() {
    return verdict != Verdict.TRANSIENT;
  }
}
