package io.plantwatch.analytics.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowSpecTest {
  @Test
  void slidingWindowsReadAsLengthSlashSlide() {
    WindowSpec spec = WindowSpec.parse("5m/1m");
    assertThat(spec.length()).isEqualTo(Duration.ofMinutes(5));
    assertThat(spec.slide()).isEqualTo(Duration.ofMinutes(1));
    assertThat(spec.isTumbling()).isFalse();
    assertThat(spec.label()).isEqualTo("5m/1m");
    assertThat(spec.id()).isEqualTo("5m-1m");
    assertThat(spec.windowsPerReading()).isEqualTo(5);
  }

  @Test
  void aBareLengthOrAnEqualSlideIsTumbling() {
    assertThat(WindowSpec.parse("10m")).isEqualTo(WindowSpec.parse("10m/10m"));
    assertThat(WindowSpec.parse("10m").isTumbling()).isTrue();
    assertThat(WindowSpec.parse("10m").label()).isEqualTo("10m/10m");
    assertThat(WindowSpec.parse("10m").windowsPerReading()).isEqualTo(1);
  }

  @Test
  void labelsUseTheLargestWholeUnit() {
    assertThat(WindowSpec.parse("60s/10s").label()).isEqualTo("1m/10s");
    assertThat(WindowSpec.parse("90s/30s").label()).isEqualTo("90s/30s");
    assertThat(WindowSpec.parse("1h/5m").label()).isEqualTo("1h/5m");
    assertThat(WindowSpec.parse("1500ms/500ms").label()).isEqualTo("1500ms/500ms");
    assertThat(WindowSpec.parse("1d/1h").label()).isEqualTo("1d/1h");
  }

  @Test
  void aSlideThatDoesNotDivideTheLengthCountsEveryCoveringWindow() {
    assertThat(WindowSpec.parse("5m/2m").windowsPerReading()).isEqualTo(3);
  }

  @Test
  void listsAreCommaSeparatedAndKeepTheirOrder() {
    assertThat(WindowSpec.parseList("1m/10s, 1h/5m"))
        .containsExactly(WindowSpec.parse("1m/10s"), WindowSpec.parse("1h/5m"));
  }

  @Test
  void badSpecsAreRefusedWithAMessageSayingWhy() {
    assertThatThrownBy(() -> WindowSpec.parse("5m/10m"))
        .hasMessage(
            "window slide 10m is longer than its length 5m: readings would fall between windows");
    assertThatThrownBy(() -> WindowSpec.parse("five minutes"))
        .hasMessage(
            "'five minutes' is not a duration like 500ms, 10s, 5m, 1h or 1d (or ISO-8601: PT10S)");
    assertThatThrownBy(() -> WindowSpec.parse("5m/1m/1s"))
        .hasMessage("'5m/1m/1s' is not a window like 5m/1m (length/slide) or 10m (tumbling)");
    assertThatThrownBy(() -> WindowSpec.parse("0s"))
        .hasMessage("window length must be longer than zero");
    assertThatThrownBy(() -> WindowSpec.parseList("5m/1m,300s/60s"))
        .hasMessage("window 5m/1m is listed twice");
    assertThatThrownBy(() -> WindowSpec.parseList(" , "))
        .hasMessage("at least one window is needed, like 5m/1m");
    assertThat(List.of(WindowSpec.parse("5m/1m"))).hasSize(1);
  }
}
