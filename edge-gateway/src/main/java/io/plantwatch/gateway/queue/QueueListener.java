package io.plantwatch.gateway.queue;

/** What the queue reports about itself; implemented by the gateway's metrics. */
public interface QueueListener {
  /** Oldest entries were dropped to stay within the configured bytes. */
  void overflowDropped(long readings, long rejects);

  /** A corrupt journal tail was found at open and moved aside; {@code salvaged} entries remain. */
  void corruptionRecovered(String movedTo, long salvaged);

  QueueListener NONE =
      new QueueListener() {
        @Override
        public void overflowDropped(long readings, long rejects) {}

        @Override
        public void corruptionRecovered(String movedTo, long salvaged) {}
      };
}
