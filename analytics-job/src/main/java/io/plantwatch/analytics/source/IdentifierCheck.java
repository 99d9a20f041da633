package io.plantwatch.analytics.source;

import io.plantwatch.analytics.influx.LineProtocol;
import io.plantwatch.telemetry.BatchCodec.Fields;
import io.plantwatch.telemetry.Identifiers;
import java.util.List;
import org.apache.spark.sql.api.java.UDF5;

/**
 * The first problem among a record's five identifiers (id, site, line, machine, metric), worded
 * like {@link Identifiers#problem}, or null: the gateway's and the connector's rules, plus the one
 * thing InfluxDB's line protocol cannot carry (a backslash at the end of a name or before a comma,
 * = or space).
 *
 * <p>The job calls it only for records whose identifiers are not all plain ASCII names. It is Java,
 * not column expressions, because the same rules written as SQL made the method Spark generates for
 * the parse step's loop larger than HotSpot compiles (8,000 bytes), so every record ran through it
 * in the interpreter (ParseStepCodeTest).
 */
final class IdentifierCheck implements UDF5<String, String, String, String, String, String> {
  private static final long serialVersionUID = 1L;

  /** The identifiers of a reading, in the order their problems are reported. */
  static final List<String> IDENTIFIERS =
      List.of(Fields.ID, Fields.SITE, Fields.LINE, Fields.MACHINE, Fields.METRIC);

  @Override
  public String call(String id, String site, String line, String machine, String metric) {
    String[] values = {id, site, line, machine, metric};
    for (int i = 0; i < values.length; i++) {
      String problem = problem(IDENTIFIERS.get(i), values[i]);
      if (problem != null) {
        return problem;
      }
    }
    return null;
  }

  static String problem(String field, String value) {
    String problem = Identifiers.problem(field, value);
    if (problem != null) {
      return problem;
    }
    String unwritable = LineProtocol.problem(value);
    return unwritable == null
        ? null
        : field + " " + unwritable + ", which InfluxDB line protocol cannot carry";
  }
}
