package io.plantwatch.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.plantwatch.ingest.MqttSourceConfig;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLHandshakeException;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MqttErrorClassifierTest {

  private static MqttErrorClassifier.Verdict classify(Throwable t) {
    return MqttErrorClassifier.classify(t);
  }

  @Test
  void badCredentialsAreFatalAndNameTheSettings() {
    MqttErrorClassifier.Verdict v = classify(new MqttException(0x86));
    assertThat(v.retriable()).isFalse();
    assertThat(v.explanation()).contains("mqtt.username").contains("mqtt.password");
  }

  @ParameterizedTest(name = "MQTT reason {0} is fatal")
  @ValueSource(ints = {0x84, 0x85, 0x86, 0x87, 0x8A, 0x8C, 0x8F, 0x9E, 0xA2, 0x81, 0x82})
  void refusalsThatRetryingCannotFixAreFatal(int reason) {
    assertThat(classify(new MqttException(reason)).retriable()).isFalse();
  }

  @ParameterizedTest(name = "MQTT reason {0} is retriable")
  @ValueSource(ints = {0x80, 0x83, 0x88, 0x89, 0x8B, 0x8D, 0x8E, 0x97, 0x9C, 0x9D, 0x9F})
  void brokerSideTroubleIsRetriable(int reason) {
    assertThat(classify(new MqttException(reason)).retriable()).isTrue();
  }

  @ParameterizedTest(name = "client code {0} is retriable")
  @ValueSource(
      ints = {
        MqttClientException.REASON_CODE_CLIENT_TIMEOUT,
        MqttClientException.REASON_CODE_CONNECTION_LOST,
        MqttClientException.REASON_CODE_SERVER_CONNECT_ERROR,
        MqttClientException.REASON_CODE_CLIENT_NOT_CONNECTED,
        MqttClientException.REASON_CODE_BROKER_UNAVAILABLE
      })
  void clientSideConnectionTroubleIsRetriable(int code) {
    assertThat(classify(new MqttException(code)).retriable()).isTrue();
  }

  @Test
  void clientSideAuthenticationAndTlsConfigurationFailuresAreFatal() {
    assertThat(
            classify(new MqttException(MqttClientException.REASON_CODE_FAILED_AUTHENTICATION))
                .retriable())
        .isFalse();
    assertThat(
            classify(new MqttException(MqttClientException.REASON_CODE_NOT_AUTHORIZED)).retriable())
        .isFalse();
    assertThat(
            classify(new MqttException(MqttClientException.REASON_CODE_SSL_CONFIG_ERROR))
                .retriable())
        .isFalse();
    assertThat(
            classify(new MqttException(MqttClientException.REASON_CODE_SOCKET_FACTORY_MISMATCH))
                .retriable())
        .isFalse();
  }

  @Test
  void networkFailuresUnderAnMqttExceptionAreRetriable() {
    for (IOException cause :
        new IOException[] {
          new ConnectException("Connection refused"),
          new SocketTimeoutException("timed out"),
          new UnknownHostException("uplink-broker"),
          new IOException("Broken pipe")
        }) {
      MqttErrorClassifier.Verdict v =
          classify(new MqttException(MqttClientException.REASON_CODE_SERVER_CONNECT_ERROR, cause));
      assertThat(v.retriable()).as(cause.toString()).isTrue();
    }
  }

  @Test
  void aFailedTlsHandshakeIsFatalEvenThoughItIsAnIoException() {
    MqttErrorClassifier.Verdict v =
        classify(
            new MqttException(
                MqttClientException.REASON_CODE_SERVER_CONNECT_ERROR,
                new SSLHandshakeException("PKIX path building failed")));
    assertThat(v.retriable()).isFalse();
    assertThat(v.explanation()).contains("mqtt.tls");
  }

  @Test
  void anUnreadableTrustStoreIsFatalAndNamesTheSetting() {
    MqttErrorClassifier.Verdict v =
        classify(
            new org.apache.kafka.common.config.ConfigException(
                MqttSourceConfig.TRUSTSTORE_PATH_CONFIG, "/gone.p12", "cannot read"));
    assertThat(v.retriable()).isFalse();
    assertThat(v.explanation()).contains(MqttSourceConfig.TRUSTSTORE_PATH_CONFIG);
  }

  @Test
  void unexpectedExceptionsAreFatalSoTheyAreNotHiddenByRetries() {
    assertThat(classify(new IllegalStateException("bug")).retriable()).isFalse();
    assertThat(classify(new IOException("socket closed")).retriable()).isTrue();
  }
}
