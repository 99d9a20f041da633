package io.plantwatch.gateway.failure;

import static org.assertj.core.api.Assertions.assertThat;

import io.plantwatch.gateway.config.ConfigException;
import io.plantwatch.gateway.failure.Failure.Source;
import io.plantwatch.gateway.failure.Failure.Verdict;
import io.plantwatch.gateway.queue.StoreAndForwardQueue.QueueException;
import io.plantwatch.telemetry.MqttReasonCode;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;

class FailureClassifierTest {
  private static Failure mqtt5(int code) {
    return FailureClassifier.classify(new org.eclipse.paho.mqttv5.common.MqttException(code));
  }

  private static Failure mqtt3(int code) {
    return FailureClassifier.classify(new org.eclipse.paho.client.mqttv3.MqttException(code));
  }

  private static Failure queue(Status.Code code, Status.SubCode sub, String text) {
    return FailureClassifier.classify(
        new QueueException(
            "queue write failed: " + text,
            new RocksDBException(text, new Status(code, sub, text))));
  }

  // The assertions of the former MqttErrorsTest, unchanged in substance.
  @Test
  void credentialAndAuthorisationFailuresNeedAnOperator() {
    Failure badPassword = mqtt5(134);
    assertThat(badPassword.needsOperator()).isTrue();
    assertThat(badPassword.message())
        .isEqualTo("the broker refused the credentials (bad user name or password)");
    assertThat(mqtt3(4).needsOperator()).isTrue();
    assertThat(mqtt5(135).message()).contains("not authorized");
    assertThat(mqtt3(5).needsOperator()).isTrue();
    assertThat(mqtt5(133).message()).contains("client id");
    assertThat(mqtt5(132).message()).contains("protocol version");
  }

  @Test
  void outagesAreRetriedQuietly() {
    assertThat(mqtt5(136).needsOperator()).isFalse();
    Failure refused =
        FailureClassifier.classify(
            new java.io.IOException(
                "Unable to connect", new java.net.ConnectException("Connection refused")));
    assertThat(refused.needsOperator()).isFalse();
    assertThat(refused.message()).isEqualTo("Unable to connect: Connection refused");
  }

  @Test
  void mqttVerdictsComeFromTheSharedReasonCodeTableAndAreNeverFatal() {
    for (MqttReasonCode c : MqttReasonCode.values()) {
      Failure f = mqtt5(c.code());
      assertThat(f.source()).isEqualTo(Source.MQTT);
      assertThat(f.retriable()).as("%s: connections are always retried", c).isTrue();
      assertThat(f.needsOperator()).as("%s", c).isEqualTo(c.needsOperator());
    }
    // MQTT 3.1.1 CONNACK codes find the same entries.
    assertThat(mqtt3(4)).isEqualTo(mqtt5(0x86));
    assertThat(mqtt3(3)).isEqualTo(mqtt5(0x88));
  }

  @Test
  void aRefusedConnectionKeepsTheSentenceHealthAndTheReadmeQuote() {
    assertThat(mqtt5(0x87).message())
        .isEqualTo(
            "the broker refused the connection: not authorized (check the user name and password)");
    assertThat(mqtt3(5).message()).isEqualTo(mqtt5(0x87).message());
  }

  @Test
  void aRefusedSubscriptionSaysWhichAndWhy() {
    Failure f =
        FailureClassifier.classify(new BrokerRefusal("the subscription to 'plant/+/x'", 0x87));
    assertThat(f.verdict()).isEqualTo(Verdict.OPERATOR);
    assertThat(f.message())
        .startsWith("the subscription to 'plant/+/x' was refused: ")
        .contains("not authorized")
        .doesNotContain("refused the connection");
    assertThat(FailureClassifier.classify(new BrokerRefusal("x", 0x97)).verdict())
        .isEqualTo(Verdict.TRANSIENT);
  }

  @Test
  void tlsAndConfigurationProblemsNeedAnOperatorButNetworkTroubleDoesNot() {
    Failure tls =
        FailureClassifier.classify(
            new org.eclipse.paho.mqttv5.common.MqttException(
                0, new SSLHandshakeException("PKIX path building failed")));
    assertThat(tls.verdict()).isEqualTo(Verdict.OPERATOR);
    assertThat(tls.message()).contains("PKIX path building failed");
    assertThat(
            FailureClassifier.classify(
                    new ConfigException("site.broker: cannot set up TLS: keystore password"))
                .verdict())
        .isEqualTo(Verdict.OPERATOR);
    Failure timeout =
        FailureClassifier.classify(
            new org.eclipse.paho.mqttv5.common.MqttException(
                32000, new java.net.SocketTimeoutException("connect timed out")));
    assertThat(timeout.verdict()).isEqualTo(Verdict.TRANSIENT);
  }

  @Test
  void aCorruptOrRefusingQueueIsFatal() {
    Failure corrupt = queue(Status.Code.Corruption, Status.SubCode.None, "block checksum mismatch");
    assertThat(corrupt.source()).isEqualTo(Source.QUEUE);
    assertThat(corrupt.verdict()).isEqualTo(Verdict.FATAL);
    assertThat(corrupt.retriable()).isFalse();
    assertThat(corrupt.message()).contains("corrupt").contains("block checksum mismatch");
    assertThat(queue(Status.Code.InvalidArgument, Status.SubCode.None, "x").verdict())
        .isEqualTo(Verdict.FATAL);
    assertThat(queue(Status.Code.ShutdownInProgress, Status.SubCode.None, "x").verdict())
        .isEqualTo(Verdict.FATAL);
  }

  @Test
  void aFullOrFailingDiskIsRetriedAndNeedsAnOperator() {
    Failure full = queue(Status.Code.IOError, Status.SubCode.NoSpace, "No space left on device");
    assertThat(full.verdict()).isEqualTo(Verdict.OPERATOR);
    assertThat(full.retriable()).isTrue();
    assertThat(full.message()).startsWith("the disk holding the queue is full");
    assertThat(queue(Status.Code.IOError, Status.SubCode.None, "Input/output error").message())
        .startsWith("the queue's disk failed");
  }

  @Test
  void aBusyQueueIsTransient() {
    for (Status.Code c :
        new Status.Code[] {Status.Code.Busy, Status.Code.TryAgain, Status.Code.TimedOut}) {
      assertThat(queue(c, Status.SubCode.None, "later").verdict()).isEqualTo(Verdict.TRANSIENT);
    }
    assertThat(FailureClassifier.classify(new QueueException("queue delete failed", null)).source())
        .isEqualTo(Source.QUEUE);
  }

  @Test
  void theGatewaysOwnFailuresGetABoundedRetry() {
    Failure bug = FailureClassifier.classify(new IllegalStateException("no batch"));
    assertThat(bug.source()).isEqualTo(Source.GATEWAY);
    assertThat(bug.verdict()).isEqualTo(Verdict.TRANSIENT);
    assertThat(bug.message()).isEqualTo("java.lang.IllegalStateException: no batch");
    // A queue failure wrapped in the forwarder's own exception is still a queue failure.
    Failure wrapped =
        FailureClassifier.classify(
            new IllegalStateException(
                "read failed",
                new RocksDBException(
                    "bad", new Status(Status.Code.Corruption, Status.SubCode.None, "bad"))));
    assertThat(wrapped.source()).isEqualTo(Source.QUEUE);
    assertThat(wrapped.verdict()).isEqualTo(Verdict.FATAL);
  }
}
