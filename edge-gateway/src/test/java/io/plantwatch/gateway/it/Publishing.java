package io.plantwatch.gateway.it;

import io.plantwatch.devices.sim.DevicePublisher;
import io.plantwatch.devices.sim.FleetSimulator;
import io.plantwatch.devices.sim.SentLog;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Runs the fleet simulator against a broker and remembers what the broker acknowledged. */
final class Publishing {
  final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
  final List<SentLog.Entry> sent = new java.util.concurrent.CopyOnWriteArrayList<>();

  void run(
      DevicePublisher out,
      FleetSimulator sim,
      long fromTick,
      long ticks,
      long startTs,
      long stepMillis,
      long pauseMillis)
      throws InterruptedException {
    for (long t = fromTick; t < fromTick + ticks; t++) {
      for (FleetSimulator.Message m : sim.tick(t, startTs + t * stepMillis)) {
        out.publish(
            m.topic(),
            m.payload(),
            () ->
                m.entries()
                    .forEach(
                        e -> {
                          sent.add(e);
                          acknowledged.add(UplinkCollector.key(e.machine(), e.metric(), e.ts()));
                        }));
      }
      if (pauseMillis > 0) {
        Thread.sleep(pauseMillis);
      }
    }
    out.flush(30_000);
  }
}
