package io.plantwatch.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MqttReasonCodeTest {
  @Test
  void findsMqtt5AndMqtt311CodesInOneTable() {
    assertThat(MqttReasonCode.of(134)).contains(MqttReasonCode.BAD_USER_NAME_OR_PASSWORD);
    assertThat(MqttReasonCode.of(4)).contains(MqttReasonCode.BAD_USER_NAME_OR_PASSWORD);
    assertThat(MqttReasonCode.of(135)).contains(MqttReasonCode.NOT_AUTHORIZED);
    assertThat(MqttReasonCode.of(5)).contains(MqttReasonCode.NOT_AUTHORIZED);
    assertThat(MqttReasonCode.of(3)).contains(MqttReasonCode.SERVER_UNAVAILABLE);
    assertThat(MqttReasonCode.of(0x9E)).contains(MqttReasonCode.SHARED_SUBSCRIPTIONS_NOT_SUPPORTED);
    assertThat(MqttReasonCode.of(32103)).isEmpty();
  }

  @Test
  void credentialsAndAclsNeedTheOperatorWhileBrokerWeatherPasses() {
    assertThat(MqttReasonCode.BAD_USER_NAME_OR_PASSWORD.needsOperator()).isTrue();
    assertThat(MqttReasonCode.NOT_AUTHORIZED.needsOperator()).isTrue();
    assertThat(MqttReasonCode.BANNED.needsOperator()).isTrue();
    assertThat(MqttReasonCode.SERVER_UNAVAILABLE.needsOperator()).isFalse();
    assertThat(MqttReasonCode.SERVER_BUSY.needsOperator()).isFalse();
    assertThat(MqttReasonCode.SERVER_SHUTTING_DOWN.needsOperator()).isFalse();
    assertThat(MqttReasonCode.SESSION_TAKEN_OVER.needsOperator()).isFalse();
  }
}
