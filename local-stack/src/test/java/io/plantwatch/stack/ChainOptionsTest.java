package io.plantwatch.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;

/** The chain's default readings format follows who runs the connector. */
class ChainOptionsTest {
  @CommandLine.Command(name = "chain")
  static final class Chain {
    @Mixin ChainOptions chain = new ChainOptions();
  }

  private static Map<String, String> conf(String... args) {
    Chain c = new Chain();
    new CommandLine(c).parseArgs(args);
    return c.chain.conf();
  }

  @Test
  void theChainsOwnConnectorWritesAvroUnlessTheUserSaysOtherwise() {
    // The tests run without PLANTWATCH_READINGS_FORMAT, which would win over the chain's default.
    assertThat(System.getenv("PLANTWATCH_READINGS_FORMAT")).isNull();
    assertThat(conf()).containsEntry("plantwatch.readings.format", "avro");
    assertThat(conf("--conf", "plantwatch.readings.format=json", "--conf", "plantwatch.x=1"))
        .containsEntry("plantwatch.readings.format", "json")
        .containsEntry("plantwatch.x", "1");
  }

  @Test
  void aConnectorOfTheUsersOwnKeepsTheJobsDefault() {
    assertThat(conf("--connector-tasks", "0")).doesNotContainKey("plantwatch.readings.format");
  }
}
