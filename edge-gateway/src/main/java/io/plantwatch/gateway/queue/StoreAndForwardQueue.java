package io.plantwatch.gateway.queue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.agrona.collections.LongLongConsumer;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Status;
import org.rocksdb.WALRecoveryMode;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's durable store-and-forward queue, on RocksDB.
 *
 * <p>Guarantees: {@link #commit} returns only after the batch is synced to disk (one fsync per
 * batch: group commit), so a site message may be acknowledged afterwards. An entry leaves the queue
 * only through {@link #ackReadings}/{@link #ackRejects} (after the uplink's PUBACK) or, when the
 * queue exceeds its byte bound, by dropping the oldest entries (quarantine records first, then
 * readings), which is counted. After a restart the remaining entries are exactly the unacknowledged
 * ones. The highest reading sequence ever assigned is stored in the same atomic batch as the
 * readings, so ids stay monotonic across crashes.
 *
 * <p>A torn or corrupt journal tail (power loss) is detected at open: the directory is copied aside
 * as evidence, the queue recovers to the last consistent point and carries on.
 */
public final class StoreAndForwardQueue implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StoreAndForwardQueue.class);

  /** Layout version of the stored data; a different version is refused at open. */
  static final long FORMAT_VERSION = 1;

  private static final byte[] META_FORMAT = bytes("format-version");
  private static final byte[] META_LAST_SEQ = bytes("last-reading-seq");
  private static final byte[] META_LAST_REJECT = bytes("last-reject-seq");
  private static final byte[] CF_READINGS = bytes("readings");
  private static final byte[] CF_REJECTS = bytes("rejects");
  private static final byte[] CF_FINGERPRINTS = bytes("fingerprints");

  static {
    RocksDB.loadLibrary();
  }

  private final Path dir;
  private final long maxBytes;
  private final Clock clock;
  private final QueueListener listener;
  private final DBOptions dbOptions;
  private final ColumnFamilyOptions cfOptions;
  private final WriteOptions syncWrite = new WriteOptions().setSync(true);
  private final WriteOptions lazyWrite = new WriteOptions().setSync(false);
  private final List<ColumnFamilyHandle> handles = new ArrayList<>();
  private RocksDB db;
  private ColumnFamilyHandle meta;
  private ColumnFamilyHandle readings;
  private ColumnFamilyHandle rejects;
  private ColumnFamilyHandle fingerprints;

  private long lastSeq;
  private long lastRejectSeq;
  private SizeLedger readingSizes;
  private SizeLedger rejectSizes;

  private StoreAndForwardQueue(Path dir, long maxBytes, Clock clock, QueueListener listener) {
    this.dir = dir;
    this.maxBytes = maxBytes;
    this.clock = clock;
    this.listener = listener;
    this.dbOptions =
        new DBOptions()
            .setCreateIfMissing(true)
            .setCreateMissingColumnFamilies(true)
            .setWalRecoveryMode(WALRecoveryMode.AbsoluteConsistency)
            .setMaxTotalWalSize(64L << 20)
            .setKeepLogFileNum(2);
    this.cfOptions =
        new ColumnFamilyOptions().setWriteBufferSize(16L << 20).setMaxWriteBufferNumber(2);
  }

  public static StoreAndForwardQueue open(
      Path dir, long maxBytes, Clock clock, QueueListener listener) {
    StoreAndForwardQueue q = new StoreAndForwardQueue(dir, maxBytes, clock, listener);
    q.openDatabase();
    return q;
  }

  private void openDatabase() {
    try {
      Files.createDirectories(dir);
      try {
        openRocks();
      } catch (RocksDBException e) {
        if (e.getStatus() == null || e.getStatus().getCode() != Status.Code.Corruption) {
          throw e;
        }
        Path aside = dir.resolveSibling(dir.getFileName() + ".corrupt-" + clock.millis());
        copyTree(dir, aside);
        log.warn(
            "queue {} has a corrupt or torn journal tail ({}); copied it to {} and recovering to"
                + " the last consistent point",
            dir,
            e.getMessage(),
            aside);
        dbOptions.setWalRecoveryMode(WALRecoveryMode.PointInTimeRecovery);
        openRocks();
        loadState();
        listener.corruptionRecovered(aside.toString(), readingSizes.count() + rejectSizes.count());
        return;
      }
      loadState();
    } catch (RocksDBException e) {
      throw new QueueException("cannot open the queue at " + dir + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new QueueException("cannot open the queue at " + dir + ": " + e.getMessage(), e);
    }
  }

  private void openRocks() throws RocksDBException {
    closeHandles();
    List<ColumnFamilyDescriptor> descriptors =
        List.of(
            new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfOptions),
            new ColumnFamilyDescriptor(CF_READINGS, cfOptions),
            new ColumnFamilyDescriptor(CF_REJECTS, cfOptions),
            new ColumnFamilyDescriptor(CF_FINGERPRINTS, cfOptions));
    db = RocksDB.open(dbOptions, dir.toString(), descriptors, handles);
    meta = handles.get(0);
    readings = handles.get(1);
    rejects = handles.get(2);
    fingerprints = handles.get(3);
  }

  private void loadState() throws RocksDBException {
    byte[] format = db.get(meta, META_FORMAT);
    if (format == null) {
      db.put(meta, syncWrite, META_FORMAT, longBytes(FORMAT_VERSION));
    } else if (readLong(format, 0) != FORMAT_VERSION) {
      throw new QueueException(
          "queue at "
              + dir
              + " has format version "
              + readLong(format, 0)
              + ", this build reads "
              + FORMAT_VERSION,
          null);
    }
    lastSeq = metaLong(META_LAST_SEQ);
    lastRejectSeq = metaLong(META_LAST_REJECT);
    readingSizes = ledger(readings);
    rejectSizes = ledger(rejects);
    lastSeq = Math.max(lastSeq, readingSizes.lastSeq());
    lastRejectSeq = Math.max(lastRejectSeq, rejectSizes.lastSeq());
    log.info(
        "queue {} opened: {} readings and {} quarantine records pending, last reading seq {}",
        dir,
        readingSizes.count(),
        rejectSizes.count(),
        lastSeq);
  }

  private SizeLedger ledger(ColumnFamilyHandle cf) {
    SizeLedger ledger = null;
    try (RocksIterator it = db.newIterator(cf)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        long seq = readLong(it.key(), 0);
        if (ledger == null) {
          ledger = new SizeLedger(seq);
        }
        ledger.append(seq, it.value().length);
      }
    }
    return ledger == null ? new SizeLedger(1) : ledger;
  }

  /** The sequence number the next reading id is built from. */
  public synchronized long nextSeq() {
    return ++lastSeq;
  }

  /**
   * Writes the batch with one disk sync. Readings must carry the numbers {@link #nextSeq()} gave,
   * in order. When the queue would exceed its bound, the oldest entries are dropped first.
   */
  public synchronized void commit(IntakeBatch batch) {
    if (batch.isEmpty() && batch.fingerprints.isEmpty()) {
      return;
    }
    long incoming = 0;
    for (QueuedEntry e : batch.readings) {
      incoming += e.payload().length + 8;
    }
    for (QueuedEntry e : batch.rejects) {
      incoming += e.payload().length + 8;
    }
    try (WriteBatch wb = new WriteBatch()) {
      makeRoom(incoming, wb);
      long maxSeq = 0;
      for (QueuedEntry e : batch.readings) {
        wb.put(readings, longBytes(e.seq()), value(e));
        maxSeq = Math.max(maxSeq, e.seq());
      }
      List<Long> rejectSeqs = new ArrayList<>(batch.rejects.size());
      for (QueuedEntry e : batch.rejects) {
        long seq = ++lastRejectSeq;
        rejectSeqs.add(seq);
        wb.put(rejects, longBytes(seq), value(e));
      }
      for (long[] fp : batch.fingerprints) {
        wb.put(fingerprints, fingerprintKey(fp[1], fp[0]), new byte[0]);
      }
      if (maxSeq > 0) {
        wb.put(meta, META_LAST_SEQ, longBytes(Math.max(maxSeq, lastSeq)));
      }
      if (!rejectSeqs.isEmpty()) {
        wb.put(meta, META_LAST_REJECT, longBytes(lastRejectSeq));
      }
      db.write(syncWrite, wb);
      for (QueuedEntry e : batch.readings) {
        readingSizes.append(e.seq(), e.payload().length + 8);
      }
      for (int i = 0; i < rejectSeqs.size(); i++) {
        rejectSizes.append(rejectSeqs.get(i), batch.rejects.get(i).payload().length + 8);
      }
    } catch (RocksDBException e) {
      throw new QueueException("queue write failed: " + e.getMessage(), e);
    }
  }

  private void makeRoom(long incoming, WriteBatch wb) throws RocksDBException {
    long over = readingSizes.bytes() + rejectSizes.bytes() + incoming - maxBytes;
    if (over <= 0) {
      return;
    }
    long droppedRejects = dropOldest(rejectSizes, rejects, over, wb);
    long freed = 0;
    long droppedReadings = 0;
    if (rejectSizes.bytes() + readingSizes.bytes() + incoming > maxBytes) {
      long before = readingSizes.bytes();
      droppedReadings =
          dropOldest(
              readingSizes,
              readings,
              readingSizes.bytes() + rejectSizes.bytes() + incoming - maxBytes,
              wb);
      freed = before - readingSizes.bytes();
    }
    log.warn(
        "queue full ({} bytes bound): dropped the oldest {} readings ({} bytes) and {} quarantine"
            + " records",
        maxBytes,
        droppedReadings,
        freed,
        droppedRejects);
    listener.overflowDropped(droppedReadings, droppedRejects);
  }

  private long dropOldest(SizeLedger ledger, ColumnFamilyHandle cf, long bytesNeeded, WriteBatch wb)
      throws RocksDBException {
    long freed = 0;
    long dropped = 0;
    while (freed < bytesNeeded && ledger.count() > 0) {
      long first = ledger.firstLive();
      freed += ledger.remove(first, first);
      wb.delete(cf, longBytes(first));
      dropped++;
    }
    return dropped;
  }

  /** Up to {@code max} readings with sequence numbers from {@code fromSeq} on, in order. */
  public List<QueuedEntry> readReadings(long fromSeq, int max) {
    return read(readings, fromSeq, max);
  }

  public List<QueuedEntry> readRejects(long fromSeq, int max) {
    return read(rejects, fromSeq, max);
  }

  private synchronized List<QueuedEntry> read(ColumnFamilyHandle cf, long fromSeq, int max) {
    List<QueuedEntry> out = new ArrayList<>(Math.min(max, 1024));
    try (RocksIterator it = db.newIterator(cf)) {
      for (it.seek(longBytes(fromSeq)); it.isValid() && out.size() < max; it.next()) {
        byte[] v = it.value();
        byte[] payload = new byte[v.length - 8];
        System.arraycopy(v, 8, payload, 0, payload.length);
        out.add(
            new QueuedEntry(readLong(it.key(), 0), ByteBuffer.wrap(v, 0, 8).getLong(), payload));
      }
    }
    return out;
  }

  /**
   * Readings {@code [from, to]} are acknowledged and leave the queue; returns how many were still
   * there (a range acknowledged twice counts once).
   */
  public synchronized long ackReadings(long from, long to) {
    return ack(readings, readingSizes, from, to);
  }

  public synchronized long ackRejects(long from, long to) {
    return ack(rejects, rejectSizes, from, to);
  }

  private long ack(ColumnFamilyHandle cf, SizeLedger ledger, long from, long to) {
    try {
      // Not synced: if the delete is lost in a power cut, the readings are sent again (allowed).
      db.deleteRange(cf, lazyWrite, longBytes(from), longBytes(to + 1));
      long before = ledger.count();
      ledger.remove(from, to);
      return before - ledger.count();
    } catch (RocksDBException e) {
      throw new QueueException("queue delete failed: " + e.getMessage(), e);
    }
  }

  /**
   * Hands each fingerprint recorded since {@code sinceMillis} to {@code each} as (fingerprint,
   * receivedAt), oldest first. Streamed, not collected: a busy gateway restarts with millions of
   * them (10 minutes at 10,000 readings/s is six million), more than its heap would hold as a list.
   */
  public synchronized void fingerprintsSince(long sinceMillis, LongLongConsumer each) {
    try (RocksIterator it = db.newIterator(fingerprints)) {
      for (it.seek(fingerprintKey(sinceMillis, Long.MIN_VALUE)); it.isValid(); it.next()) {
        byte[] k = it.key();
        each.accept(readLong(k, 8), readLong(k, 0));
      }
    }
  }

  /** Forgets fingerprints recorded before {@code beforeMillis}. */
  public synchronized void expireFingerprints(long beforeMillis) {
    try {
      db.deleteRange(
          fingerprints,
          lazyWrite,
          fingerprintKey(0, Long.MIN_VALUE),
          fingerprintKey(beforeMillis, Long.MIN_VALUE));
    } catch (RocksDBException e) {
      throw new QueueException("fingerprint expiry failed: " + e.getMessage(), e);
    }
  }

  public synchronized long readingCount() {
    return readingSizes.count();
  }

  public synchronized long rejectCount() {
    return rejectSizes.count();
  }

  public synchronized long bytes() {
    return readingSizes.bytes() + rejectSizes.bytes();
  }

  /** The first pending reading's sequence number, or -1 when none is pending. */
  public synchronized long firstReadingSeq() {
    return readingSizes.firstLive();
  }

  public synchronized long firstRejectSeq() {
    return rejectSizes.firstLive();
  }

  /** Age of the oldest pending reading in milliseconds, 0 when empty. */
  public long oldestAgeMillis() {
    long first = firstReadingSeq();
    if (first < 0) {
      return 0;
    }
    List<QueuedEntry> head = readReadings(first, 1);
    return head.isEmpty() ? 0 : Math.max(0, clock.millis() - head.get(0).receivedAt());
  }

  public Path directory() {
    return dir;
  }

  @Override
  public synchronized void close() {
    closeHandles();
    syncWrite.close();
    lazyWrite.close();
    dbOptions.close();
    cfOptions.close();
  }

  private void closeHandles() {
    for (ColumnFamilyHandle h : handles) {
      h.close();
    }
    handles.clear();
    if (db != null) {
      db.close();
      db = null;
    }
  }

  private long metaLong(byte[] key) throws RocksDBException {
    byte[] v = db.get(meta, key);
    return v == null ? 0 : readLong(v, 0);
  }

  private static byte[] value(QueuedEntry e) {
    return ByteBuffer.allocate(8 + e.payload().length)
        .putLong(e.receivedAt())
        .put(e.payload())
        .array();
  }

  /** Time first, so expiry is one range delete. */
  private static byte[] fingerprintKey(long receivedAt, long fingerprint) {
    return ByteBuffer.allocate(16)
        .putLong(receivedAt ^ Long.MIN_VALUE)
        .putLong(fingerprint ^ Long.MIN_VALUE)
        .array();
  }

  static byte[] longBytes(long v) {
    // Big-endian with the sign bit flipped, so byte order equals numeric order.
    return ByteBuffer.allocate(8).putLong(v ^ Long.MIN_VALUE).array();
  }

  static long readLong(byte[] b, int offset) {
    return ByteBuffer.wrap(b, offset, 8).getLong() ^ Long.MIN_VALUE;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path p : (Iterable<Path>) paths::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /** An unusable queue: the gateway cannot accept readings without one. */
  public static final class QueueException extends RuntimeException {
    public QueueException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
