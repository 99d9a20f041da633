package io.plantwatch.analytics.it;

import io.plantwatch.telemetry.BatchCodec;
import io.plantwatch.telemetry.Reading;
import io.plantwatch.testsupport.KafkaCluster;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Test readings and how they reach Kafka: JSON as Connect's JsonConverter writes it. */
public final class Readings {
  private static final BatchCodec CODEC = new BatchCodec();

  private Readings() {}

  /** Plain JSON ({@code schemas.enable=false}). */
  static byte[] plain(ReferenceWindows.In r) {
    return CODEC.encodeReading(reading(r));
  }

  /** The schema envelope ({@code schemas.enable=true}) around the same reading. */
  static byte[] envelope(ReferenceWindows.In r) {
    String payload = new String(plain(r), StandardCharsets.UTF_8);
    String schema =
        "{\"type\":\"struct\",\"optional\":false,\"name\":\"io.plantwatch.Reading\",\"fields\":["
            + "{\"field\":\"id\",\"type\":\"string\"},{\"field\":\"site\",\"type\":\"string\"},"
            + "{\"field\":\"line\",\"type\":\"string\"},{\"field\":\"machine\",\"type\":\"string\"},"
            + "{\"field\":\"metric\",\"type\":\"string\"},{\"field\":\"unit\",\"type\":\"string\"},"
            + "{\"field\":\"value\",\"type\":\"double\"},{\"field\":\"ts\",\"type\":\"int64\"},"
            + "{\"field\":\"gateway\",\"type\":\"string\"},"
            + "{\"field\":\"receivedAt\",\"type\":\"int64\"}]}";
    return ("{\"schema\":" + schema + ",\"payload\":" + payload + "}")
        .getBytes(StandardCharsets.UTF_8);
  }

  static Reading reading(ReferenceWindows.In r) {
    return new Reading(
        r.id(), r.site(), r.line(), r.machine(), r.metric(), "", r.value(), r.ts(), "gw-1", r.ts());
  }

  /** Sends every value keyed by machine, and waits until Kafka has them all. */
  static void send(KafkaCluster kafka, String topic, List<ProducerRecord<byte[], byte[]>> records)
      throws Exception {
    try (KafkaProducer<byte[], byte[]> p = kafka.producer(Map.of())) {
      List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
      for (ProducerRecord<byte[], byte[]> r : records) {
        sent.add(p.send(new ProducerRecord<>(topic, r.key(), r.value())));
      }
      for (java.util.concurrent.Future<?> f : sent) {
        f.get();
      }
    }
  }

  public static void sendPlain(KafkaCluster kafka, String topic, List<ReferenceWindows.In> readings)
      throws Exception {
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (ReferenceWindows.In r : readings) {
      records.add(new ProducerRecord<>(topic, key(r.machine()), plain(r)));
    }
    send(kafka, topic, records);
  }

  static byte[] key(String machine) {
    return machine.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * A regular series of readings, every {@code stepMs} from {@code fromMs} to {@code toMs}
   * inclusive, with values {@code base + k/8}: eighths add up exactly in binary floating point in
   * any order, so Spark and the reference must agree to the last bit.
   */
  static List<ReferenceWindows.In> series(
      String idPrefix,
      String site,
      String line,
      String machine,
      String metric,
      double base,
      long fromMs,
      long toMs,
      long stepMs,
      Random random) {
    List<ReferenceWindows.In> out = new ArrayList<>();
    int seq = 0;
    for (long ts = fromMs; ts <= toMs; ts += stepMs) {
      double value = base + random.nextInt(400) / 8.0;
      out.add(
          new ReferenceWindows.In(idPrefix + "-" + seq++, site, line, machine, metric, value, ts));
    }
    return out;
  }

  /** The readings shuffled, with {@code duplicates} of them repeated at random places. */
  static List<ReferenceWindows.In> outOfOrderWithDuplicates(
      List<ReferenceWindows.In> readings, int duplicates, Random random) {
    List<ReferenceWindows.In> out = new ArrayList<>(readings);
    for (int i = 0; i < duplicates; i++) {
      out.add(readings.get(random.nextInt(readings.size())));
    }
    Collections.shuffle(out, random);
    return out;
  }
}
