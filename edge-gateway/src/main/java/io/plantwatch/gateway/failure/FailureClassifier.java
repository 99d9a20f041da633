package io.plantwatch.gateway.failure;

import io.plantwatch.gateway.config.ConfigException;
import io.plantwatch.gateway.failure.Failure.Source;
import io.plantwatch.gateway.failure.Failure.Verdict;
import io.plantwatch.gateway.queue.StoreAndForwardQueue.QueueException;
import io.plantwatch.telemetry.MqttReasonCode;
import java.security.cert.CertificateException;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLException;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;

/**
 * The gateway's one answer to "retry or give up?" for MQTT, queue (RocksDB) and its own failures.
 * What each component does with the verdict is in the README ("Failures and retries"): broker
 * connections retry everything, forever (an outage of any length must not stop collection); queue
 * commits and forwarding retry what is retriable within a budget and then stop the gateway.
 */
public final class FailureClassifier {
  // The gateway's own sentence for a refused CONNECT, where /health, the README and operators'
  // alert rules quote it.
  private static final Map<MqttReasonCode, String> GATEWAY_WORDING =
      Map.of(
          MqttReasonCode.NOT_AUTHORIZED,
          "the broker refused the connection: not authorized (check the user name and password)");

  private FailureClassifier() {}

  public static Failure classify(Throwable e) {
    BrokerRefusal refusal = find(e, BrokerRefusal.class);
    if (refusal != null) {
      return mqtt(refusal.reasonCode(), refusal.request() + " was refused: ", refusal);
    }
    int code = mqttReasonCode(e);
    if (code >= 0) {
      return mqtt(code, "", e);
    }
    RocksDBException rocks = find(e, RocksDBException.class);
    if (rocks != null) {
      // RocksDB's own text; the component says which operation failed.
      return queue(rocks.getStatus(), describe(rocks));
    }
    if (find(e, QueueException.class) != null) {
      return new Failure(Source.QUEUE, Verdict.TRANSIENT, describe(e));
    }
    if (e instanceof ConfigException) {
      return new Failure(Source.GATEWAY, Verdict.OPERATOR, e.getMessage());
    }
    if (e instanceof RuntimeException && !isTls(e)) {
      // The gateway's own code: a bug or data it did not expect. Worth a bounded retry.
      return new Failure(Source.GATEWAY, Verdict.TRANSIENT, e.toString());
    }
    return connection("", e);
  }

  /** A failure below MQTT: the network, or TLS. */
  private static Failure connection(String prefix, Throwable e) {
    // A trust store or certificate that does not match the broker's stays wrong until changed.
    return new Failure(
        Source.MQTT, isTls(e) ? Verdict.OPERATOR : Verdict.TRANSIENT, prefix + describe(e));
  }

  private static boolean isTls(Throwable e) {
    return find(e, SSLException.class) != null || find(e, CertificateException.class) != null;
  }

  private static Failure mqtt(int code, String prefix, Throwable e) {
    Optional<MqttReasonCode> known = MqttReasonCode.of(code);
    if (known.isEmpty()) {
      return connection(prefix, e); // Paho's own codes: the network, TLS, timeouts
    }
    MqttReasonCode c = known.get();
    return new Failure(
        Source.MQTT,
        c.needsOperator() ? Verdict.OPERATOR : Verdict.TRANSIENT,
        prefix.isEmpty()
            ? GATEWAY_WORDING.getOrDefault(c, c.explanation())
            : prefix + c.explanation());
  }

  private static Failure queue(Status status, String detail) {
    Status.Code code = status == null ? Status.Code.Undefined : status.getCode();
    return switch (code) {
      case Corruption ->
          new Failure(
              Source.QUEUE,
              Verdict.FATAL,
              "the queue is corrupt ("
                  + detail
                  + "); a restart recovers it to its last synced batch");
      case NotSupported, InvalidArgument, ShutdownInProgress ->
          new Failure(Source.QUEUE, Verdict.FATAL, "the queue cannot take the write: " + detail);
      case IOError ->
          new Failure(
              Source.QUEUE,
              Verdict.OPERATOR,
              status.getSubCode() == Status.SubCode.NoSpace || detail.contains("No space left")
                  ? "the disk holding the queue is full (" + detail + ")"
                  : "the queue's disk failed (" + detail + ")");
      default -> new Failure(Source.QUEUE, Verdict.TRANSIENT, detail);
    };
  }

  /** The MQTT 5 reason code or MQTT 3.1.1 return code Paho reports, or -1. */
  private static int mqttReasonCode(Throwable e) {
    if (e instanceof org.eclipse.paho.mqttv5.common.MqttException m5) {
      return m5.getReasonCode();
    }
    if (e instanceof org.eclipse.paho.client.mqttv3.MqttException m3) {
      return m3.getReasonCode();
    }
    return -1;
  }

  private static <T extends Throwable> T find(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  private static String describe(Throwable e) {
    StringBuilder b =
        new StringBuilder(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
      if (c.getMessage() != null) {
        b.append(": ").append(c.getMessage());
      }
    }
    return b.toString();
  }
}
