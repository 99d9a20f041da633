package io.plantwatch.view.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ViewAccessTest {
  @Test
  void onlyLoopbackGoesWithoutAToken() throws Exception {
    assertThat(ViewAccess.needsToken("127.0.0.1")).isFalse();
    assertThat(ViewAccess.needsToken("::1")).isFalse();
    assertThat(ViewAccess.needsToken("localhost")).isFalse();
    assertThat(ViewAccess.needsToken("0.0.0.0")).isTrue();
  }
}
