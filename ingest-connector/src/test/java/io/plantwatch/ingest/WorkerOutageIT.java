package io.plantwatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.plantwatch.ingest.KafkaReadings.Row;
import io.plantwatch.testsupport.ConnectCluster;
import io.plantwatch.testsupport.MosquittoBroker;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Connect worker goes away mid-stream while gateways keep publishing. */
class WorkerOutageIT {
  private static final int BATCHES = 400;
  private static final int SIZE = 5;

  @RegisterExtension static final MosquittoBroker broker = new MosquittoBroker();

  // With a 1 ms graceful shutdown, stopping the worker abandons the task mid-flight and closes its
  // producer without flushing: records in the producer's buffer are lost, as in a crash, and only
  // the withheld MQTT acknowledgements bring them back.
  @RegisterExtension
  static final ConnectCluster connect =
      new ConnectCluster().withWorkerProperty("task.shutdown.graceful.timeout.ms", "1");

  @Test
  void readingsPublishedWhileTheWorkerIsDownAllArriveAfterItReturns() throws Exception {
    String name = "outage";
    connect.configureConnector(name, ItConnectors.config(connect, broker, name, "gw-outage", 3));
    ItConnectors.awaitSubscribed(connect, name, 1);

    AtomicInteger published = new AtomicInteger();
    // The second half waits for the outage, so the outage always falls mid-stream however slow
    // the machine is.
    java.util.concurrent.CountDownLatch workerStopped = new java.util.concurrent.CountDownLatch(1);
    ExecutorService gateway = Executors.newSingleThreadExecutor();
    Future<?> publishing =
        gateway.submit(
            () -> {
              try (UplinkPublisher pub = UplinkPublisher.connect(broker, "pub-outage")) {
                for (int b = 0; b < BATCHES; b++) {
                  if (b == BATCHES / 2) {
                    workerStopped.await(ItConnectors.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                  }
                  pub.publish(
                      "plantwatch/uplink/gw-outage/readings",
                      TestReadings.encoded("gw-outage", b, SIZE));
                  published.incrementAndGet();
                  // A gateway's pace, so the outage falls in the middle of the stream.
                  TimeUnit.MILLISECONDS.sleep(5);
                }
              }
              return null;
            });

    await()
        .atMost(ItConnectors.TIMEOUT)
        .until(() -> TaskJmx.read(name, 0, "records-committed-total") >= 100);
    connect.stop();
    int publishedWhenStopped = published.get();
    workerStopped.countDown();
    publishing.get(ItConnectors.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    gateway.shutdown();
    assertThat(publishedWhenStopped).as("the worker stopped mid-stream").isLessThan(BATCHES);
    connect.start();

    List<String> expected = TestReadings.ids("gw-outage", BATCHES, SIZE);
    List<Row> rows =
        KafkaReadings.awaitIds(
            connect.bootstrapServers(), name + ".readings", expected, ItConnectors.TIMEOUT);
    Set<String> distinct = rows.stream().map(r -> r.reading().id()).collect(Collectors.toSet());
    assertThat(distinct).as("no reading missing").containsExactlyInAnyOrderElementsOf(expected);

    Map<String, List<Row>> byId =
        rows.stream().collect(Collectors.groupingBy(r -> r.reading().id()));
    List<String> doubled =
        byId.entrySet().stream()
            .filter(e -> e.getValue().size() > 1)
            .map(Map.Entry::getKey)
            .toList();
    System.out.printf(
        "worker outage: %d readings, %d records in Kafka, %d duplicates (%d readings doubled)%n",
        expected.size(), rows.size(), rows.size() - distinct.size(), doubled.size());
    // A duplicate is the same reading again, so the analytics job can drop it by id.
    for (String id : doubled) {
      assertThat(byId.get(id))
          .extracting(Row::reading)
          .as("copies of %s", id)
          .containsOnly(byId.get(id).get(0).reading());
      assertThat(byId.get(id))
          .extracting(Row::key)
          .as("keys of %s", id)
          .containsOnly(byId.get(id).get(0).key());
    }
  }
}
