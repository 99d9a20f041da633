package io.plantwatch.gateway.queue;

/**
 * Sizes of the live entries of one key range, indexed by sequence number, so the queue knows how
 * many bytes an acknowledgement frees without reading the entries back. Four bytes per entry;
 * removed entries in the middle (out-of-order acks) are holes until the head passes them.
 */
final class SizeLedger {
  private static final int REMOVED = -1;

  private int[] sizes = new int[1024];
  private long base; // sequence number of sizes[head]
  private int head;
  private int length; // slots from head, including holes
  private long liveCount;
  private long liveBytes;

  SizeLedger(long firstSeq) {
    this.base = firstSeq;
  }

  /** Appends the entry that follows the last one; holes are filled for skipped numbers. */
  void append(long seq, int size) {
    long next = base + length;
    if (seq < next) {
      throw new IllegalArgumentException("sequence " + seq + " is not after " + (next - 1));
    }
    if (length == 0) {
      base = seq;
    } else {
      while (base + length < seq) {
        push(REMOVED);
      }
    }
    push(size);
    liveCount++;
    liveBytes += size;
  }

  /** Removes the live entries in [from, to]; returns the bytes freed. */
  long remove(long from, long to) {
    long freed = 0;
    long start = Math.max(from, base);
    long end = Math.min(to, base + length - 1);
    for (long s = start; s <= end; s++) {
      int i = index(s);
      if (sizes[i] != REMOVED) {
        freed += sizes[i];
        liveBytes -= sizes[i];
        liveCount--;
        sizes[i] = REMOVED;
      }
    }
    while (length > 0 && sizes[head] == REMOVED) {
      head = (head + 1) % sizes.length;
      base++;
      length--;
    }
    return freed;
  }

  /** The first live sequence number, or -1 when empty. */
  long firstLive() {
    return liveCount == 0 ? -1 : base;
  }

  /** The last slot's sequence number (live or not), or -1 when empty. */
  long lastSeq() {
    return length == 0 ? -1 : base + length - 1;
  }

  int sizeOf(long seq) {
    if (seq < base || seq >= base + length) {
      return REMOVED;
    }
    return sizes[index(seq)];
  }

  long count() {
    return liveCount;
  }

  long bytes() {
    return liveBytes;
  }

  private int index(long seq) {
    return (int) ((head + (seq - base)) % sizes.length);
  }

  private void push(int size) {
    if (length == sizes.length) {
      int[] bigger = new int[sizes.length * 2];
      for (int i = 0; i < length; i++) {
        bigger[i] = sizes[(head + i) % sizes.length];
      }
      sizes = bigger;
      head = 0;
    }
    sizes[(head + length) % sizes.length] = size;
    length++;
  }
}
