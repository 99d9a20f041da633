package io.plantwatch.analytics.topics;

import java.io.Serializable;
import org.apache.spark.sql.Row;

/** How one output row becomes a Kafka record of a computed topic: its key and its JSON value. */
public interface RecordFormat extends Serializable {
  String key(Row row);

  String value(Row row);
}
