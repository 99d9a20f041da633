package io.plantwatch.analytics.source;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The two outcomes of parsing: valid readings ({@code id, site, line, machine, metric, unit, value,
 * eventTime, gateway}; unit and gateway null when the reading has none) and rejected records
 * ({@code key, payload, topic, partition, offset, reason, detail}). Both are streaming plans over
 * the same source; each query that uses one reads the topic itself.
 */
public record ParsedReadings(Dataset<Row> valid, Dataset<Row> rejected) {}
