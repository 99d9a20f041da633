package io.plantwatch.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MqttErrorsTest {
  @Test
  void credentialAndAuthorisationFailuresNeedAnOperator() {
    assertThat(MqttErrors.classify(new org.eclipse.paho.mqttv5.common.MqttException(134)))
        .isEqualTo(
            new MqttErrors.Classified(
                true, "the broker refused the credentials (bad user name or password)"));
    assertThat(
            MqttErrors.classify(new org.eclipse.paho.client.mqttv3.MqttException(4))
                .needsOperator())
        .isTrue();
    assertThat(MqttErrors.classify(new org.eclipse.paho.mqttv5.common.MqttException(135)).message())
        .contains("not authorized");
    assertThat(
            MqttErrors.classify(new org.eclipse.paho.client.mqttv3.MqttException(5))
                .needsOperator())
        .isTrue();
    assertThat(MqttErrors.classify(new org.eclipse.paho.mqttv5.common.MqttException(133)).message())
        .contains("client id");
    assertThat(MqttErrors.classify(new org.eclipse.paho.mqttv5.common.MqttException(132)).message())
        .contains("protocol version");
  }

  @Test
  void outagesAreRetriedQuietly() {
    assertThat(
            MqttErrors.classify(new org.eclipse.paho.mqttv5.common.MqttException(136))
                .needsOperator())
        .isFalse();
    MqttErrors.Classified refused =
        MqttErrors.classify(
            new java.io.IOException(
                "Unable to connect", new java.net.ConnectException("Connection refused")));
    assertThat(refused.needsOperator()).isFalse();
    assertThat(refused.message()).isEqualTo("Unable to connect: Connection refused");
  }
}
