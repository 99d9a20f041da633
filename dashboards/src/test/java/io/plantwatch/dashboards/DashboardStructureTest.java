package io.plantwatch.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DashboardStructureTest {
  private static final Path PROVISIONING = Path.of("grafana", "provisioning");

  @Test
  void dashboardsHaveStableUniqueUidsAndUniquePanelIds() {
    Set<String> uids = new HashSet<>();
    for (JsonNode d : Dashboards.all()) {
      assertThat(d.get("uid").asText()).startsWith("plantwatch-");
      assertThat(uids.add(d.get("uid").asText())).as("uid %s is unique", d.get("uid")).isTrue();
      List<Integer> ids = new ArrayList<>();
      d.get("panels").forEach(p -> ids.add(p.get("id").asInt()));
      assertThat(ids).doesNotHaveDuplicates();
    }
    assertThat(uids)
        .containsExactlyInAnyOrder("plantwatch-plant-overview", "plantwatch-machine-detail");
  }

  @Test
  void everyDataSourceReferenceResolvesToTheProvisionedDataSource() throws Exception {
    JsonNode ds =
        new ObjectMapper(new YAMLFactory())
            .readTree(PROVISIONING.resolve("datasources/plantwatch.yaml").toFile());
    JsonNode source = ds.get("datasources").get(0);
    assertThat(source.get("type").asText()).isEqualTo("influxdb");
    assertThat(source.get("jsonData").get("httpHeaderName1").asText()).isEqualTo("Authorization");
    assertThat(source.get("secureJsonData").get("httpHeaderValue1").asText())
        .isEqualTo("Token ${PLANTWATCH_INFLUX_TOKEN}");
    String uid = source.get("uid").asText();
    for (JsonNode d : Dashboards.all()) {
      List<JsonNode> refs = d.findValues("datasource");
      assertThat(refs).isNotEmpty();
      assertThat(refs).allSatisfy(r -> assertThat(r.get("uid").asText()).isEqualTo(uid));
    }
  }

  @Test
  void queriesAreInfluxQlNotFlux() {
    for (JsonNode d : Dashboards.all()) {
      for (Dashboards.Query q : Dashboards.queries(d)) {
        assertThat(q.influxQl()).as(q.where()).doesNotContain("|>").containsAnyOf("SELECT", "SHOW");
      }
    }
  }

  @Test
  void machineDetailVariablesChainSiteLineMachine() {
    JsonNode detail =
        Dashboards.all().stream()
            .filter(d -> d.get("uid").asText().equals("plantwatch-machine-detail"))
            .findFirst()
            .orElseThrow();
    List<String> names = new ArrayList<>();
    detail.get("templating").get("list").forEach(v -> names.add(v.get("name").asText()));
    assertThat(names).startsWith("site", "line", "machine");
    JsonNode vars = detail.get("templating").get("list");
    assertThat(vars.get(1).get("query").asText()).contains("$site").doesNotContain("$line");
    assertThat(vars.get(2).get("query").asText()).contains("$site").contains("$line");
    assertThat(vars.get(0).get("refresh").asInt()).as("refresh on time range change").isEqualTo(2);
  }

  @Test
  void theProviderLoadsTheDashboardFolder() throws Exception {
    JsonNode p =
        new ObjectMapper(new YAMLFactory())
            .readTree(PROVISIONING.resolve("dashboards/plantwatch.yaml").toFile());
    assertThat(p.get("providers").get(0).get("options").get("path").asText())
        .isEqualTo("/var/lib/grafana/dashboards/plantwatch");
  }
}
