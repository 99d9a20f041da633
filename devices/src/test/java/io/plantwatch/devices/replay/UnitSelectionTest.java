package io.plantwatch.devices.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class UnitSelectionTest {
  @Test
  void unitSelections() {
    UnitSelection s = UnitSelection.parse("1-3, 7");
    assertThat(List.of(1, 2, 3, 4, 7, 8).stream().filter(s::contains)).containsExactly(1, 2, 3, 7);
    assertThat(UnitSelection.parse(null).contains(99)).isTrue();
    assertThatThrownBy(() -> UnitSelection.parse("x")).hasMessageContaining("'x'");
  }
}
