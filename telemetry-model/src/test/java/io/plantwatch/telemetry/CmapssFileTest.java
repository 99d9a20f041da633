package io.plantwatch.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CmapssFileTest {
  @Test
  void readsRowsWithTrailingSpaces(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("train.txt");
    Files.writeString(
        f,
        "1 1 -0.0007 -0.0004 100.0 518.67 641.82 1589.70 1400.60 14.62 21.61 554.36 2388.06 9046.19 1.30 47.47 521.66 2388.02 8138.62 8.4195 0.03 392 2388 100.00 39.06 23.4190  \n"
            + "1 2 0.0019 -0.0003 100.0 518.67 642.15 1591.82 1403.14 14.62 21.61 553.75 2388.04 9044.07 1.30 47.49 522.28 2388.07 8131.49 8.4318 0.03 392 2388 100.00 39.00 23.4236  \n");
    List<CmapssFile.Row> rows = CmapssFile.read(f);
    assertThat(rows).hasSize(2);
    assertThat(rows.get(1).unit()).isEqualTo(1);
    assertThat(rows.get(1).cycle()).isEqualTo(2);
    assertThat(rows.get(0).values()).hasSize(CmapssFile.CHANNELS.size());
    assertThat(rows.get(0).values()[3]).isEqualTo(518.67); // T2
    assertThat(rows.get(0).values()[23]).isEqualTo(23.4190); // W32
  }

  @Test
  void badLinesNameTheLine(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("bad.txt");
    Files.writeString(f, "1 1 2 3\n");
    assertThatThrownBy(() -> CmapssFile.read(f))
        .hasMessageContaining("line 1")
        .hasMessageContaining("4 columns");
  }
}
