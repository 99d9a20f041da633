package io.plantwatch.analytics.source;

import static org.apache.spark.sql.avro.functions.to_avro;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.timestamp_millis;
import static org.assertj.core.api.Assertions.assertThat;

import io.plantwatch.analytics.it.LocalSpark;
import io.plantwatch.telemetry.ReadingFormat;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.codegen.CodeGenerator;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.WholeStageCodegenExec;
import org.junit.jupiter.api.Test;

/**
 * The step that parses and classifies every record must stay code the JVM compiles. HotSpot never
 * compiles a method over 8,000 bytes of bytecode ({@code -XX:-DontCompileHugeMethods} is off by
 * default), and Spark's generated loop over a stage's rows is one method: when the identifier rules
 * were column expressions it was 14,174 bytes and ran interpreted for every record
 * (docs/performance.md, session 17).
 */
class ParseStepCodeTest {
  private static final int JVM_HUGE_METHOD_LIMIT = 8000;

  @Test
  void everyGeneratedMethodOfTheParseStepIsSmallEnoughToBeCompiled() {
    SparkSession spark = LocalSpark.session();
    // Built from a range, not from local rows, so that the optimizer does not evaluate it ahead.
    Dataset<Row> records =
        spark
            .range(3)
            .selectExpr(
                "cast('m1' AS binary) AS key",
                "cast(concat('{\"id\":\"g-', id, '\",\"site\":\"s\",\"line\":\"l\",'"
                    + " '\"machine\":\"m1\",\"metric\":\"t\",\"value\":1.5,\"ts\":1000}')"
                    + " AS binary) AS value",
                "'readings' AS topic",
                "0 AS partition",
                "id AS offset");
    Dataset<Row> classified = ReadingParser.classified(records, ReadingFormat.JSON, 100);

    assertCompiledAndClassified(classified);
  }

  @Test
  void theAvroParseStepIsSmallEnoughToBeCompiledToo() {
    SparkSession spark = LocalSpark.session();
    Dataset<Row> records =
        spark
            .range(3)
            .select(
                lit("m1").cast("binary").as("key"),
                to_avro(
                        struct(
                            concat(lit("g-"), col("id")).as("id"),
                            lit("s").as("site"),
                            lit("l").as("line"),
                            lit("m1").as("machine"),
                            lit("t").as("metric"),
                            lit("degC").as("unit"),
                            lit(1.5).as("value"),
                            timestamp_millis(col("id").plus(1000)).as("ts"),
                            lit("g").as("gateway"),
                            timestamp_millis(col("id").plus(1500)).as("receivedAt")),
                        ReadingFormat.avroSchema())
                    .as("value"),
                lit("readings").as("topic"),
                lit(0).as("partition"),
                col("id").as("offset"));

    assertCompiledAndClassified(ReadingParser.classified(records, ReadingFormat.AVRO, 100));
  }

  private static void assertCompiledAndClassified(Dataset<Row> classified) {
    List<Integer> sizes = new ArrayList<>();
    for (SparkPlan stage : stages(classified.queryExecution().executedPlan())) {
      sizes.add(
          CodeGenerator.compile(((WholeStageCodegenExec) stage).doCodeGen()._2())
              ._2()
              .maxMethodCodeSize());
    }

    assertThat(sizes)
        .as("the largest generated method of each stage, in bytes of bytecode")
        .isNotEmpty()
        .allSatisfy(s -> assertThat(s).isLessThan(JVM_HUGE_METHOD_LIMIT));
    assertThat(classified.collectAsList())
        .extracting(r -> r.<String>getAs("id") + " " + r.<String>getAs("reason"))
        .containsExactly("g-0 null", "g-1 null", "g-2 null");
  }

  private static List<SparkPlan> stages(SparkPlan plan) {
    List<SparkPlan> found = new ArrayList<>();
    if (plan instanceof WholeStageCodegenExec) {
      found.add(plan);
    }
    scala.jdk.javaapi.CollectionConverters.asJava(plan.children())
        .forEach(child -> found.addAll(stages(child)));
    return found;
  }
}
