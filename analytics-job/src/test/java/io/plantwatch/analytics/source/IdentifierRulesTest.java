package io.plantwatch.analytics.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.plantwatch.analytics.it.LocalSpark;
import io.plantwatch.telemetry.Identifiers;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * The job's identifier check is Spark SQL, the gateway's and the connector's is Java: both must
 * refuse the same names with the same words, or a reading refused in one place passes in another.
 */
class IdentifierRulesTest {
  static final List<String> NAMES =
      List.of(
          "pump-1",
          "gw1-000042",
          "plant_a.line:2/press-07",
          "pump-1 ",
          "-\u0085",
          "pump-1\n",
          "Presse 3, Halle \"Süd\"",
          "temp=°C",
          "",
          " leading",
          "trailing ",
          "no-break\u00a0",
          "\u2003em space",
          "line\nbreak",
          "tab\there",
          "bell\u0007",
          "c1\u0085control",
          "del\u007f",
          "x".repeat(Identifiers.MAX_LENGTH),
          "x".repeat(Identifiers.MAX_LENGTH + 1),
          "日本語",
          "<script>alert(1)</script>");

  @Test
  void sqlAndJavaRefuseTheSameNamesWithTheSameWords() {
    SparkSession spark = LocalSpark.session();
    List<String> values = new ArrayList<>(NAMES);
    List<String> sql =
        spark
            .createDataset(values, Encoders.STRING())
            .toDF("machine")
            .selectExpr(
                "'r-1' AS id", "'site' AS site", "'line' AS line", "machine", "'m' AS metric")
            .select(ReadingParser.identifierProblem().alias("problem"))
            .collectAsList()
            .stream()
            .map((Row r) -> r.getString(0))
            .toList();
    List<String> java = values.stream().map(v -> Identifiers.problem("machine", v)).toList();
    assertThat(sql).containsExactlyElementsOf(java);
    assertThat(java.get(NAMES.indexOf(" leading")))
        .isEqualTo("machine has leading or trailing white space");
    assertThat(java.get(NAMES.indexOf("line\nbreak")))
        .isEqualTo("machine contains control character U+000A");
    assertThat(java.get(NAMES.indexOf("c1\u0085control")))
        .isEqualTo("machine contains control character U+0085");
    assertThat(java.get(NAMES.indexOf("-\u0085")))
        .isEqualTo("machine contains control character U+0085");
    assertThat(java.get(NAMES.indexOf("pump-1 ")))
        .isEqualTo("machine has leading or trailing white space");
    // Plain names take the job's short path; they must still pass.
    assertThat(java.get(NAMES.indexOf("plant_a.line:2/press-07"))).isNull();
    assertThat(java.get(0)).isNull();
  }

  /**
   * The five identifiers are checked together first (one expression over all of them joined): a
   * name refused in any place is refused with that place's name, and the first refused one wins.
   */
  @Test
  void everyPlaceIsCheckedAndTheFirstProblemIsNamed() {
    SparkSession spark = LocalSpark.session();
    List<String> fields = List.of("id", "site", "line", "machine", "metric");
    for (String name : NAMES) {
      for (String field : fields) {
        List<String> columns = new ArrayList<>();
        for (String f : fields) {
          columns.add(f.equals(field) ? "name AS " + f : "'ok-" + f + "' AS " + f);
        }
        String sql =
            spark
                .createDataset(List.of(name), Encoders.STRING())
                .toDF("name")
                .selectExpr(columns.toArray(String[]::new))
                .select(ReadingParser.identifierProblem())
                .collectAsList()
                .get(0)
                .getString(0);
        assertThat(sql).as("%s = %s", field, name).isEqualTo(Identifiers.problem(field, name));
      }
    }
    String twoBad =
        spark
            .sql("SELECT ' r1' AS id, 's' AS site, '' AS line, 'm' AS machine, 't' AS metric")
            .select(ReadingParser.identifierProblem())
            .collectAsList()
            .get(0)
            .getString(0);
    assertThat(twoBad).isEqualTo(Identifiers.problem("id", " r1")).isNotNull();
  }
}
