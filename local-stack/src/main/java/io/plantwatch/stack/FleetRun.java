package io.plantwatch.stack;

import io.plantwatch.devices.replay.ReplayCommand;
import io.plantwatch.devices.sim.DevicePublisher;
import io.plantwatch.devices.sim.FleetSimulator;
import io.plantwatch.devices.sim.SentLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * The devices: the gateway module's fleet simulator (or its C-MAPSS replay) publishing to the site
 * broker on a thread of its own, counting what the broker acknowledged.
 */
final class FleetRun implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FleetRun.class);

  private final Thread thread;
  private final AtomicLong readingsAcknowledged = new AtomicLong();
  private volatile boolean finished;
  private volatile boolean stopping;
  private volatile Throwable failure;

  private FleetRun(Runnable body, String name) {
    this.thread =
        new Thread(
            () -> {
              try {
                body.run();
              } catch (Throwable t) {
                if (!stopping) {
                  failure = t;
                  LOG.error("{} stopped: {}", name, t.toString(), t);
                }
              } finally {
                finished = true;
              }
            },
            name);
    thread.setDaemon(true);
  }

  static FleetRun simulate(StackSettings.Fleet fleet, String brokerUri) {
    FleetRun[] self = new FleetRun[1];
    self[0] = new FleetRun(() -> self[0].simulateNow(fleet, brokerUri), "simulator");
    self[0].thread.start();
    return self[0];
  }

  static FleetRun replay(StackSettings.Replay replay, String brokerUri) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "--cmapss",
                replay.file().toString(),
                "--broker",
                brokerUri,
                "--speed",
                Double.toString(replay.speed())));
    if (replay.units() != null) {
      args.addAll(List.of("--units", replay.units()));
    }
    FleetRun run =
        new FleetRun(
            () -> {
              CommandLine replayCommand = new CommandLine(new ReplayCommand());
              // Stopping the stack interrupts the replay: that is its end, not a failure.
              replayCommand.setExecutionExceptionHandler(
                  (e, line, parsed) -> {
                    if (e instanceof InterruptedException) {
                      return 0;
                    }
                    throw e;
                  });
              int code = replayCommand.execute(args.toArray(String[]::new));
              if (code != 0) {
                throw new IllegalStateException("replay ended with exit code " + code);
              }
            },
            "replay");
    run.thread.start();
    return run;
  }

  private void simulateNow(StackSettings.Fleet fleet, String brokerUri) {
    FleetSimulator sim =
        new FleetSimulator(
            "plant1",
            "line1",
            FleetSimulator.machineNames("press-", fleet.machines()),
            fleet.metrics(),
            fleet.degrading(),
            fleet.faultProbability(),
            false,
            fleet.ticks() > 0 ? fleet.ticks() : 3600,
            fleet.seed());
    long now = System.currentTimeMillis();
    long start;
    if (fleet.startMs() != null) {
      start = fleet.startMs();
    } else if (fleet.ticksPerSecond() <= 0 && fleet.ticks() > 0) {
      start = now - fleet.ticks() * fleet.stepMs();
    } else {
      start = now - now % fleet.stepMs();
    }
    long periodNanos = fleet.ticksPerSecond() <= 0 ? 0 : (long) (1e9 / fleet.ticksPerSecond());
    long began = System.nanoTime();
    try (DevicePublisher out =
            new DevicePublisher(brokerUri, "plantwatch-simulator", null, null, null, null, 64);
        SentLog log = new SentLog(fleet.sentLog())) {
      boolean stopped = false;
      try {
        for (long tick = 0; fleet.ticks() <= 0 || tick < fleet.ticks(); tick++) {
          if (periodNanos > 0) {
            long wait = began + tick * periodNanos - System.nanoTime();
            if (wait > 0) {
              Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
          }
          for (FleetSimulator.Message m : sim.tick(tick, start + tick * fleet.stepMs())) {
            out.publish(
                m.topic(),
                m.payload(),
                () -> {
                  for (SentLog.Entry e : m.entries()) {
                    try {
                      log.write(e);
                    } catch (IOException ex) {
                      throw new UncheckedIOException(ex);
                    }
                  }
                  readingsAcknowledged.addAndGet(m.entries().size());
                });
          }
        }
      } catch (InterruptedException stop) {
        // Stopped: publish nothing more, but let the broker acknowledge what is in flight, so
        // that what the devices count as sent is what the gateway receives.
        stopped = true;
      }
      if (stopped) {
        out.flush(5_000);
        return;
      }
      if (!out.flush(120_000)) {
        throw new IllegalStateException("the site broker did not acknowledge every reading");
      }
      LOG.info(
          "simulator done: {} readings acknowledged, {} failed publishes",
          readingsAcknowledged.get(),
          out.failures());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Readings the site broker acknowledged (simulator only; a replay logs its own totals). */
  long readingsAcknowledged() {
    return readingsAcknowledged.get();
  }

  boolean finished() {
    return finished;
  }

  Throwable failure() {
    return failure;
  }

  @Override
  public void close() throws InterruptedException {
    stopping = true;
    thread.interrupt();
    thread.join(10_000);
  }
}
