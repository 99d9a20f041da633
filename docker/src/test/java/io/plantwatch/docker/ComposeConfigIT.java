package io.plantwatch.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Debian's docker-compose validates the stack (no Docker engine is needed for `config`). */
class ComposeConfigIT {
  @Test
  void dockerComposeAcceptsTheStack() throws Exception {
    Path binary = Path.of("/usr/bin/docker-compose");
    assertThat(Files.isExecutable(binary))
        .as("docker-compose is missing: apt-get install docker-compose (scripts/test.sh does)")
        .isTrue();
    Process p =
        new ProcessBuilder(binary.toString(), "-f", "docker-compose.yml", "config")
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    // .env was applied: the resolved file names the pinned images and the published ports.
    assertThat(out)
        .contains("image: apache/kafka:3.9.1")
        .contains("published: 3000")
        .doesNotContain("${");
  }
}
