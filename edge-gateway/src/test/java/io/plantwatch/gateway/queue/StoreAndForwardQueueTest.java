package io.plantwatch.gateway.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreAndForwardQueueTest {
  private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(1_000_000), ZoneOffset.UTC);
  private final List<String> events = new ArrayList<>();
  private final QueueListener listener =
      new QueueListener() {
        @Override
        public void overflowDropped(long readings, long rejects) {
          events.add("dropped " + readings + " readings, " + rejects + " rejects");
        }

        @Override
        public void corruptionRecovered(String movedTo, long salvaged) {
          events.add("recovered " + salvaged);
        }
      };

  private static byte[] payload(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static void append(StoreAndForwardQueue q, int readings, int rejects) {
    IntakeBatch b = new IntakeBatch();
    for (int i = 0; i < readings; i++) {
      long seq = q.nextSeq();
      b.addReading(seq, 999_000 + seq, payload("r" + seq));
    }
    for (int i = 0; i < rejects; i++) {
      b.addReject(999_000, payload("bad"));
    }
    q.commit(b);
  }

  @Test
  void readsInOrderAndAcknowledgedEntriesLeave(@TempDir Path dir) {
    try (StoreAndForwardQueue q =
        StoreAndForwardQueue.open(dir.resolve("q"), 1 << 20, CLOCK, listener)) {
      append(q, 5, 1);
      List<QueuedEntry> got = q.readReadings(0, 10);
      assertThat(got).extracting(QueuedEntry::seq).containsExactly(1L, 2L, 3L, 4L, 5L);
      assertThat(new String(got.get(2).payload(), StandardCharsets.UTF_8)).isEqualTo("r3");
      assertThat(got.get(2).receivedAt()).isEqualTo(999_003);
      assertThat(q.oldestAgeMillis()).isEqualTo(999);
      q.ackReadings(1, 3);
      assertThat(q.readReadings(0, 10)).extracting(QueuedEntry::seq).containsExactly(4L, 5L);
      assertThat(q.readingCount()).isEqualTo(2);
      assertThat(q.firstReadingSeq()).isEqualTo(4);
      assertThat(q.readRejects(0, 10))
          .extracting(e -> new String(e.payload(), StandardCharsets.UTF_8))
          .containsExactly("bad");
      q.ackRejects(q.firstRejectSeq(), q.firstRejectSeq());
      assertThat(q.rejectCount()).isZero();
    }
  }

  @Test
  void afterARestartOnlyUnacknowledgedEntriesRemainAndIdsStayMonotonic(@TempDir Path dir) {
    Path d = dir.resolve("q");
    try (StoreAndForwardQueue q = StoreAndForwardQueue.open(d, 1 << 20, CLOCK, listener)) {
      append(q, 10, 0);
      q.ackReadings(1, 10);
      append(q, 3, 0);
      q.ackReadings(12, 12); // out of order: 11 and 13 stay
    }
    try (StoreAndForwardQueue q = StoreAndForwardQueue.open(d, 1 << 20, CLOCK, listener)) {
      assertThat(q.readReadings(0, 100)).extracting(QueuedEntry::seq).containsExactly(11L, 13L);
      assertThat(q.readingCount()).isEqualTo(2);
      assertThat(q.bytes()).isEqualTo(2 * (3 + 8));
      assertThat(q.nextSeq()).isEqualTo(14);
    }
    try (StoreAndForwardQueue q = StoreAndForwardQueue.open(d, 1 << 20, CLOCK, listener)) {
      q.ackReadings(11, 13);
      assertThat(q.nextSeq()).as("an empty queue still remembers the last id").isEqualTo(14);
    }
  }

  @Test
  void whenFullTheOldestRejectsThenReadingsAreDroppedAndCounted(@TempDir Path dir) {
    try (StoreAndForwardQueue q =
        StoreAndForwardQueue.open(dir.resolve("q"), 1 << 20, CLOCK, listener)) {
      IntakeBatch big = new IntakeBatch();
      big.addReject(0, new byte[200_000]);
      for (int i = 0; i < 8; i++) {
        big.addReading(q.nextSeq(), 0, new byte[100_000]);
      }
      q.commit(big); // 1,000,072 bytes: fits in 1 MiB
      IntakeBatch more = new IntakeBatch();
      more.addReading(q.nextSeq(), 0, new byte[150_000]);
      q.commit(more);
      assertThat(events).containsExactly("dropped 0 readings, 1 rejects");
      IntakeBatch evenMore = new IntakeBatch();
      evenMore.addReading(q.nextSeq(), 0, new byte[250_000]);
      q.commit(evenMore);
      assertThat(events).last().isEqualTo("dropped 2 readings, 0 rejects");
      assertThat(q.readReadings(0, 100))
          .extracting(QueuedEntry::seq)
          .containsExactly(3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
      assertThat(q.bytes()).isLessThanOrEqualTo(1 << 20);
    }
  }

  @Test
  void fingerprintsSurviveARestartUntilTheyExpire(@TempDir Path dir) {
    Path d = dir.resolve("q");
    try (StoreAndForwardQueue q = StoreAndForwardQueue.open(d, 1 << 20, CLOCK, listener)) {
      IntakeBatch b = new IntakeBatch();
      b.addFingerprint(-7, 100);
      b.addFingerprint(42, 200);
      q.commit(b);
    }
    try (StoreAndForwardQueue q = StoreAndForwardQueue.open(d, 1 << 20, CLOCK, listener)) {
      assertThat(fingerprints(q, 0)).containsExactly("-7@100", "42@200");
      assertThat(fingerprints(q, 150)).containsExactly("42@200");
      q.expireFingerprints(150);
      assertThat(fingerprints(q, 0)).containsExactly("42@200");
    }
  }

  /**
   * The files of a running queue after 20 readings and a second batch of 5: what a power cut
   * leaves.
   */
  private Path crashedCopy(Path dir) throws IOException {
    Path live = dir.resolve("q");
    Path crashed = dir.resolve("crashed");
    StoreAndForwardQueue q = StoreAndForwardQueue.open(live, 1 << 20, CLOCK, listener);
    append(q, 20, 0);
    append(q, 5, 0);
    copy(live, crashed);
    q.close();
    return crashed;
  }

  private static Path journal(Path db) throws IOException {
    try (Stream<Path> files = Files.list(db)) {
      return files
          .filter(p -> p.toString().endsWith(".log"))
          .max(Comparator.comparing(Path::toString))
          .orElseThrow();
    }
  }

  @Test
  void aTornLastWriteIsDetectedMovedAsideAndOnlyThatBatchIsLost(@TempDir Path dir)
      throws IOException {
    Path crashed = crashedCopy(dir);
    try (java.nio.channels.FileChannel ch =
        java.nio.channels.FileChannel.open(journal(crashed), StandardOpenOption.WRITE)) {
      ch.truncate(ch.size() - 5); // the last batch's record is cut short
    }
    try (StoreAndForwardQueue recovered =
        StoreAndForwardQueue.open(crashed, 1 << 20, CLOCK, listener)) {
      // The torn batch was never synced, so its site messages were never acknowledged: the broker
      // resends them.
      assertThat(events).containsExactly("recovered 20");
      assertThat(recovered.readReadings(0, 100)).hasSize(20);
      assertThat(recovered.nextSeq()).isEqualTo(21);
    }
    try (Stream<Path> siblings = Files.list(dir)) {
      assertThat(siblings.map(p -> p.getFileName().toString()))
          .anyMatch(n -> n.startsWith("crashed.corrupt-"));
    }
  }

  @Test
  void garbageAfterTheLastWriteIsDetectedAndTheQueueCarriesOn(@TempDir Path dir)
      throws IOException {
    Path crashed = crashedCopy(dir);
    byte[] garbage = new byte[64];
    java.util.Arrays.fill(garbage, (byte) 0xAB);
    Files.write(journal(crashed), garbage, StandardOpenOption.APPEND);
    try (StoreAndForwardQueue recovered =
        StoreAndForwardQueue.open(crashed, 1 << 20, CLOCK, listener)) {
      assertThat(events).containsExactly("recovered 25");
      assertThat(recovered.readReadings(0, 100)).hasSize(25);
      append(recovered, 1, 0);
      assertThat(recovered.readReadings(0, 100)).extracting(QueuedEntry::seq).last().isEqualTo(26L);
    }
  }

  @Test
  void aQueueWrittenInAnotherFormatVersionIsRefused(@TempDir Path dir) throws Exception {
    Path d = dir.resolve("q");
    StoreAndForwardQueue.open(d, 1 << 20, CLOCK, listener).close();
    // Rewrite the stored version as a future build would.
    List<org.rocksdb.ColumnFamilyDescriptor> cfs = new ArrayList<>();
    for (byte[] name :
        org.rocksdb.RocksDB.listColumnFamilies(new org.rocksdb.Options(), d.toString())) {
      cfs.add(new org.rocksdb.ColumnFamilyDescriptor(name));
    }
    List<org.rocksdb.ColumnFamilyHandle> handles = new ArrayList<>();
    try (org.rocksdb.DBOptions o = new org.rocksdb.DBOptions();
        org.rocksdb.RocksDB db = org.rocksdb.RocksDB.open(o, d.toString(), cfs, handles)) {
      db.put(handles.get(0), payload("format-version"), StoreAndForwardQueue.longBytes(2));
      handles.forEach(org.rocksdb.ColumnFamilyHandle::close);
    }
    assertThatThrownBy(() -> StoreAndForwardQueue.open(d, 1 << 20, CLOCK, listener))
        .hasMessageContaining("format version 2")
        .hasMessageContaining("this build reads 1");
  }

  private static void copy(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path p : files.toList()) {
        Files.copy(p, to.resolve(p.getFileName()));
      }
    }
  }

  private static List<String> fingerprints(StoreAndForwardQueue q, long since) {
    List<String> out = new ArrayList<>();
    q.fingerprintsSince(since, (fingerprint, at) -> out.add(fingerprint + "@" + at));
    return out;
  }
}
