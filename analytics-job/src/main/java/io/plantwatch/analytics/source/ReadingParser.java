package io.plantwatch.analytics.source;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.get_json_object;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.octet_length;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.timestamp_millis;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.unix_millis;
import static org.apache.spark.sql.functions.when;

import io.plantwatch.analytics.rejects.RejectedRecords;
import io.plantwatch.telemetry.BatchCodec.Fields;
import io.plantwatch.telemetry.Identifiers;
import io.plantwatch.telemetry.ReadingFormat;
import io.plantwatch.telemetry.ReasonCode;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Parses Kafka record values into readings with an explicit schema, and gives every record that
 * cannot be used a reason code (the wire names of {@link ReasonCode}) and a detail for people.
 *
 * <p>In {@link ReadingFormat#JSON}, values are JSON from Connect's JsonConverter, either plain
 * ({@code schemas.enable=false}: the reading itself) or in the schema envelope ({@code {"schema":…,
 * "payload": reading}}). The form is detected per record: a top-level {@code payload} object means
 * the envelope. In {@link ReadingFormat#AVRO}, values are the bare Avro binary of telemetry-model's
 * reading schema (the connector's ReadingAvroConverter): every field is required there, so only the
 * value's own checks remain.
 */
public final class ReadingParser {
  /** Spark puts the raw text of a record it could not parse into this column. */
  static final String CORRUPT = "_corrupt_record";

  private static final String PAYLOAD = "payload";

  /** The Kafka value of an Avro record; "value" is the reading's. */
  private static final String PAYLOAD_BYTES = "payload_bytes";

  /** The fields the job needs; {@code unit}, {@code gateway} and {@code receivedAt} are not. */
  private static final List<String> REQUIRED =
      List.of(
          Fields.ID,
          Fields.SITE,
          Fields.LINE,
          Fields.MACHINE,
          Fields.METRIC,
          Fields.VALUE,
          Fields.TS);

  // Every one of the five identifiers plain, non-empty and not too long: nearly every record passes
  // with this one pass over its identifiers' bytes (PlainIdentifiers); the rest are checked rule by
  // rule, each identifier decoded (IdentifierCheck).
  private static final UserDefinedFunction ALL_PLAIN =
      udf(new PlainIdentifiers(), DataTypes.BooleanType).asNonNullable().withName("all_plain");

  private static final UserDefinedFunction IDENTIFIER_PROBLEM =
      udf(new IdentifierCheck(), DataTypes.StringType).withName("identifier_problem");

  static final StructType READING =
      new StructType()
          .add(Fields.ID, DataTypes.StringType)
          .add(Fields.SITE, DataTypes.StringType)
          .add(Fields.LINE, DataTypes.StringType)
          .add(Fields.MACHINE, DataTypes.StringType)
          .add(Fields.METRIC, DataTypes.StringType)
          .add(Fields.UNIT, DataTypes.StringType)
          .add(Fields.VALUE, DataTypes.DoubleType)
          .add(Fields.TS, DataTypes.LongType)
          .add(Fields.GATEWAY, DataTypes.StringType)
          .add(Fields.RECEIVED_AT, DataTypes.LongType);

  /** A plain reading, or the envelope around one, plus the corrupt-record column. */
  static final StructType VALUE = READING.add(PAYLOAD, READING).add(CORRUPT, DataTypes.StringType);

  private ReadingParser() {}

  /**
   * The valid readings among Kafka records ({@code key, value, topic, partition, offset}): {@code
   * id, site, line, machine, metric, unit, value, eventTime, gateway}; unit and gateway null when
   * the reading has none. Rejected records are the windows query's business ({@link #classified}).
   */
  public static Dataset<Row> valid(Dataset<Row> records, ReadingFormat format) {
    return withReason(records, format)
        .filter(col("reason").isNull())
        .select(readingColumns(timestamp_millis(col(Fields.TS))).toArray(Column[]::new));
  }

  /** The columns of a reading, {@code eventTime} as given. */
  private static List<Column> readingColumns(Column eventTime) {
    return List.of(
        col(Fields.ID).as("id"),
        col(Fields.SITE).as("site"),
        col(Fields.LINE).as("line"),
        col(Fields.MACHINE).as("machine"),
        col(Fields.METRIC).as("metric"),
        col(Fields.UNIT).as("unit"),
        col(Fields.VALUE).as("value"),
        eventTime.as("eventTime"),
        col(Fields.GATEWAY).as("gateway"));
  }

  /**
   * Every record, valid or not, in one row shape, so that one query can read the topic once for its
   * windows and its rejects: the reading's columns ({@code id, site, line, machine, metric, unit,
   * value, eventTime, gateway}) and {@code reason} (null for a reading); for a rejected record also
   * {@code rejectPartition}, {@code rejectOffset}, its original key ({@value RejectedRecords#KEY})
   * and its value for the rejected topic ({@value RejectedRecords#VALUE}), computed for rejected
   * records only. A rejected record's {@code eventTime} is null: it must neither move the watermark
   * nor be dropped as late.
   */
  public static Dataset<Row> classified(
      Dataset<Row> records, ReadingFormat format, int maxPayloadChars) {
    Column rejected = col("reason").isNotNull();
    List<Column> columns =
        new java.util.ArrayList<>(
            readingColumns(when(col("reason").isNull(), timestamp_millis(col(Fields.TS)))));
    columns.add(col("reason"));
    columns.add(when(rejected, col("partition")).as("rejectPartition"));
    columns.add(when(rejected, col("offset")).as("rejectOffset"));
    columns.add(when(rejected, col("key")).as(RejectedRecords.KEY));
    Column rejectValue =
        format == ReadingFormat.AVRO
            ? RejectedRecords.binaryValue(col(PAYLOAD_BYTES), maxPayloadChars)
            : RejectedRecords.value(col("payload_text"), maxPayloadChars);
    columns.add(when(rejected, rejectValue).as(RejectedRecords.VALUE));
    return withReason(records, format).select(columns.toArray(Column[]::new));
  }

  /** The records parsed, each field of the reading a column, with {@code reason} and detail. */
  private static Dataset<Row> withReason(Dataset<Row> records, ReadingFormat format) {
    if (format == ReadingFormat.AVRO) {
      return withAvroReason(records);
    }
    Dataset<Row> parsed =
        records
            .select(
                col("key"),
                col("value").cast(DataTypes.StringType).as("payload_text"),
                col("topic"),
                col("partition"),
                col("offset"))
            .withColumn(
                "j",
                from_json(
                    col("payload_text"),
                    VALUE,
                    Map.of("mode", "PERMISSIVE", "columnNameOfCorruptRecord", CORRUPT)));
    for (String field : READING.fieldNames()) {
      parsed = parsed.withColumn(field, reading(field));
    }
    return parsed.withColumn("reason", reason()).withColumn("detail", detail());
  }

  private static Dataset<Row> withAvroReason(Dataset<Row> records) {
    Dataset<Row> parsed =
        records
            .select(
                col("key"),
                col("value").as(PAYLOAD_BYTES),
                col("topic"),
                col("partition"),
                col("offset"))
            .withColumn(
                "a",
                org.apache.spark.sql.avro.functions.from_avro(
                    col(PAYLOAD_BYTES), ReadingFormat.avroSchema(), Map.of("mode", "PERMISSIVE")));
    for (String field : READING.fieldNames()) {
      Column c = col("a." + field);
      // timestamp-millis reads as a timestamp; the rest of the step takes epoch millis.
      boolean time = field.equals(Fields.TS) || field.equals(Fields.RECEIVED_AT);
      parsed = parsed.withColumn(field, time ? unix_millis(c) : c);
    }
    Column reason =
        readingChecks(
            when(
                    col(PAYLOAD_BYTES).isNull().or(octet_length(col(PAYLOAD_BYTES)).equalTo(0)),
                    wire(ReasonCode.EMPTY_PAYLOAD))
                // Spark's permissive from_avro gives a row of nulls for bytes it cannot read, and
                // every field of a reading is required.
                .when(col("a." + Fields.ID).isNull(), wire(ReasonCode.MALFORMED_AVRO)));
    // A JSON object where Avro belongs: the two ends name different formats; say which.
    Column json = substring(col(PAYLOAD_BYTES), 1, 1).equalTo(lit(new byte[] {'{'}));
    Column detail =
        when(
                col("reason").equalTo(ReasonCode.MALFORMED_AVRO.wireName()),
                when(
                        json,
                        lit(
                            "the value is JSON, not the Avro binary of a reading: the connector"
                                + " writes JSON (JsonConverter); set plantwatch.readings.format=json,"
                                + " or the connector's value.converter to ReadingAvroConverter"))
                    .otherwise(
                        lit(
                            "the value is not the Avro binary of one reading"
                                + " (plantwatch.readings.format=avro)")))
            .otherwise(detail());
    return parsed.withColumn("reason", reason).withColumn("detail", detail);
  }

  /**
   * Kafka records that may hold a reading of one of {@code metrics}: the value mentions one of them
   * literally, or holds a backslash (a JSON escape can spell a name without mentioning it). Every
   * record whose parsed metric is one of them passes, so a query that needs only these metrics can
   * parse this instead of the whole topic: a substring search costs far less than the JSON parser.
   * Rejected records are the rejects query's business, which parses them all. One gap: a metric
   * sent as a JSON number or object (which the parser turns into its text, e.g. {@code 1E2} into
   * {@code "100.0"}) is not mentioned as such; names like that do not occur in rules. In Avro a
   * string is its UTF-8 bytes after a length, so the same search finds the metric there.
   */
  public static Dataset<Row> mentioning(Dataset<Row> records, List<String> metrics) {
    Column text = col("value").cast(DataTypes.StringType);
    Column mentioned = text.contains("\\");
    for (String metric : metrics) {
      mentioned = mentioned.or(text.contains(metric));
    }
    return records.filter(mentioned);
  }

  /** A field of the reading, from the envelope's payload when there is one. */
  private static Column reading(String field) {
    return when(col("j." + PAYLOAD).isNotNull(), col("j." + PAYLOAD + "." + field))
        .otherwise(col("j." + field));
  }

  private static Column emptyPayload() {
    return col("payload_text").isNull().or(trim(col("payload_text")).equalTo(""));
  }

  private static Column corrupt() {
    return col("j").isNull().or(col("j." + CORRUPT).isNotNull());
  }

  /** Valid JSON whose shape or types do not match a reading. */
  private static Column wellFormedJson() {
    return get_json_object(col("payload_text"), "$").isNotNull();
  }

  private static Column missingField() {
    Column missing = lit(null).cast(DataTypes.StringType);
    for (int i = REQUIRED.size() - 1; i >= 0; i--) {
      String f = REQUIRED.get(i);
      missing = when(col(f).isNull(), lit(f)).otherwise(missing);
    }
    return missing;
  }

  private static Column nonFinite() {
    Column v = col(Fields.VALUE);
    return isnan(v).or(v.equalTo(Double.POSITIVE_INFINITY)).or(v.equalTo(Double.NEGATIVE_INFINITY));
  }

  /** The first identifier problem, worded like {@link Identifiers#problem}, or null. */
  static Column identifierProblem() {
    Column[] identifiers =
        IdentifierCheck.IDENTIFIERS.stream().map(f -> col(f)).toArray(Column[]::new);
    // concat_ws leaves out a missing identifier, so five parts means five present. Its result is
    // a fresh array of exactly its bytes, which the cast hands over without a copy.
    Column joined = concat_ws("\u0000", identifiers).cast(DataTypes.BinaryType);
    return when(ALL_PLAIN.apply(joined), lit(null).cast(DataTypes.StringType))
        .otherwise(IDENTIFIER_PROBLEM.apply(identifiers));
  }

  private static Column reason() {
    // An empty or blank value never parses, so only a record that did not parse is looked at
    // again: trimming every value cost a tenth of the parse step.
    Column unparsed =
        when(emptyPayload(), wire(ReasonCode.EMPTY_PAYLOAD))
            .when(wellFormedJson(), wire(ReasonCode.WRONG_TYPE))
            .otherwise(wire(ReasonCode.MALFORMED_JSON));
    return readingChecks(
        when(corrupt(), unparsed).when(missingField().isNotNull(), wire(ReasonCode.MISSING_FIELD)));
  }

  /** The checks of a parsed reading's own fields, after the format's checks in {@code reason}. */
  private static Column readingChecks(Column reason) {
    return reason
        .when(nonFinite(), wire(ReasonCode.NON_FINITE_VALUE))
        .when(identifierProblem().isNotNull(), wire(ReasonCode.INVALID_IDENTIFIER));
  }

  private static Column detail() {
    String r = "reason";
    return when(col(r).equalTo(ReasonCode.EMPTY_PAYLOAD.wireName()), lit("the value is empty"))
        .when(
            col(r).equalTo(ReasonCode.WRONG_TYPE.wireName()),
            lit(
                "the JSON is not a reading object or a field has the wrong type (texts: id, site,"
                    + " line, machine, metric, unit, gateway; number: value; epoch millis: ts,"
                    + " receivedAt)"))
        .when(
            col(r).equalTo(ReasonCode.MALFORMED_JSON.wireName()),
            lit(
                "the value is not JSON (if the connector's value.converter is"
                    + " ReadingAvroConverter, set plantwatch.readings.format=avro)"))
        .when(
            col(r).equalTo(ReasonCode.MISSING_FIELD.wireName()),
            concat(lit("field '"), missingField(), lit("' is missing")))
        .when(
            col(r).equalTo(ReasonCode.NON_FINITE_VALUE.wireName()),
            concat(
                lit("value is not a finite number: "),
                col(Fields.VALUE).cast(DataTypes.StringType)))
        .when(col(r).equalTo(ReasonCode.INVALID_IDENTIFIER.wireName()), identifierProblem());
  }

  private static Column wire(ReasonCode code) {
    return lit(code.wireName());
  }
}
