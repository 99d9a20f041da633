package io.plantwatch.ingest.records;

import io.plantwatch.telemetry.BatchCodec.Fields;
import io.plantwatch.telemetry.ReadingFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Date;
import java.util.Map;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.storage.Converter;

/**
 * Readings as Avro binary of telemetry-model's fixed schema ({@link ReadingFormat#avroSchema()}),
 * every other record (gateway statuses, rejected payloads) as {@link JsonConverter} writes it with
 * the same settings ({@code value.converter.schemas.enable}). No schema registry and no header
 * bytes: the analytics job reads the same schema from the same jar ({@code
 * plantwatch.readings.format=avro}).
 *
 * <p>Connect gives every task its own converter instance and calls it from that task's thread, so
 * the encoder's buffer is reused without locking.
 */
public final class ReadingAvroConverter implements Converter, AutoCloseable {
  private static final org.apache.avro.Schema AVRO =
      new org.apache.avro.Schema.Parser().parse(ReadingFormat.avroSchema());

  private final JsonConverter json = new JsonConverter();
  private final GenericDatumWriter<GenericRecord> writer = new GenericDatumWriter<>(AVRO);
  private final GenericDatumReader<GenericRecord> reader = new GenericDatumReader<>(AVRO);
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(128);
  private BinaryEncoder encoder;

  @Override
  public ConfigDef config() {
    return json.config();
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    json.configure(configs, isKey);
  }

  @Override
  public byte[] fromConnectData(String topic, Schema schema, Object value) {
    if (schema == null
        || !ReadingSchema.NAME.equals(schema.name())
        || !(value instanceof Struct reading)) {
      return json.fromConnectData(topic, schema, value);
    }
    GenericRecord record = new GenericData.Record(AVRO);
    for (org.apache.avro.Schema.Field f : AVRO.getFields()) {
      Object v = reading.get(f.name());
      record.put(f.pos(), v instanceof Date d ? d.getTime() : v);
    }
    buffer.reset();
    encoder = EncoderFactory.get().binaryEncoder(buffer, encoder);
    try {
      writer.write(record, encoder);
      encoder.flush();
    } catch (IOException | AvroRuntimeException | ClassCastException | NullPointerException e) {
      throw new DataException("reading cannot be written as Avro: " + e.getMessage(), e);
    }
    return buffer.toByteArray();
  }

  /**
   * A value that is exactly one Avro reading becomes a reading Struct; anything else is read by
   * JsonConverter. Values of the other topics are JSON, whose first byte ({@code {} or {@code "})
   * starts no Avro reading (it would be a negative string length).
   */
  @Override
  public SchemaAndValue toConnectData(String topic, byte[] value) {
    if (value == null || value.length == 0) {
      return json.toConnectData(topic, value);
    }
    GenericRecord record;
    try {
      BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(value, null);
      record = reader.read(null, decoder);
      if (!decoder.isEnd()) {
        return json.toConnectData(topic, value);
      }
    } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException e) {
      return json.toConnectData(topic, value);
    }
    Struct s = new Struct(ReadingSchema.SCHEMA);
    for (org.apache.avro.Schema.Field f : AVRO.getFields()) {
      Object v = record.get(f.pos());
      if (f.name().equals(Fields.TS) || f.name().equals(Fields.RECEIVED_AT)) {
        v = new Date((Long) v);
      } else if (v instanceof CharSequence text) {
        v = text.toString();
      }
      s.put(f.name(), v);
    }
    return new SchemaAndValue(ReadingSchema.SCHEMA, s);
  }

  @Override
  public void close() {
    json.close();
  }
}
