package io.plantwatch.gateway.collect;

import io.plantwatch.gateway.config.ConfigLoader;
import io.plantwatch.gateway.config.GatewayConfig;
import io.plantwatch.gateway.failure.Backoff;
import io.plantwatch.gateway.mqtt.ConnectionKeeper;
import io.plantwatch.gateway.mqtt.MqttTls;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection to the site broker, over MQTT 5 or 3.1.1 (the version-specific calls are a {@link
 * SiteProtocol}). A persistent session, manual acknowledgements (the PUBACK waits for the disk
 * queue), and a fresh subscription after every connect, whether or not the broker kept the session:
 * a client that reconnects and then receives nothing is the failure users meet most with other
 * tools.
 */
public final class SiteConnection implements SiteClient, SiteProtocol.Events {
  private static final Logger log = LoggerFactory.getLogger(SiteConnection.class);

  private final GatewayConfig.Site site;
  private final SiteFilters filters;
  private final MessageIntake intake;
  private final Clock clock;
  private final SiteProtocol protocol;
  private final ConnectionKeeper keeper;
  // Connected means subscribed: a device message published before the SUBACK has no route.
  private volatile boolean subscribed;

  private SiteConnection(
      GatewayConfig.Site site,
      List<Subscription> subscriptions,
      MessageIntake intake,
      Clock clock) {
    this.site = site;
    this.filters = new SiteFilters(subscriptions.stream().map(Subscription::filter).toList());
    this.intake = intake;
    this.clock = clock;
    GatewayConfig.Broker b = site.broker();
    this.protocol =
        "3.1.1".equals(site.protocol()) ? new Mqtt311Site(b, this) : new Mqtt5Site(b, this);
    this.keeper =
        new ConnectionKeeper(
            "site broker " + b.uri(),
            this::connect,
            Backoff.jittered(b.reconnectMinDelay(), b.reconnectMaxDelay()));
  }

  public static SiteClient create(
      GatewayConfig.Site site,
      List<Subscription> subscriptions,
      MessageIntake intake,
      Clock clock) {
    return new SiteConnection(site, subscriptions, intake, clock);
  }

  @Override
  public void start() {
    keeper.start();
  }

  private void connect() throws Exception {
    GatewayConfig.Broker b = site.broker();
    subscribed = false;
    protocol.connect(site, ConfigLoader.password(b), MqttTls.socketFactory("site.broker", b));
    protocol.subscribe(filters.filters(), b.tokenWaitMillis());
    subscribed = true;
    log.info("subscribed on the site broker ({}) to {}", protocol.name(), filters.filters());
  }

  @Override
  public void messageArrived(
      String topic, byte[] payload, int id, int qos, List<Integer> subscriptionIds) {
    if (filters.isExtraCopy(topic, subscriptionIds)) {
      // The copy a second, partly overlapping filter brings: the first filter's copy is kept.
      acknowledge(id, qos);
      return;
    }
    Runnable ack = () -> acknowledge(id, qos);
    try {
      intake.offer(new SiteMessage(topic, payload, clock.millis(), ack));
    } catch (InterruptedException e) {
      // Not acknowledged: the broker delivers it again on the next connection.
      Thread.currentThread().interrupt();
    }
  }

  /** The PUBACK, for QoS > 0; a lost one only means the broker delivers the message again. */
  private void acknowledge(int id, int qos) {
    if (qos > 0) {
      try {
        protocol.acknowledge(id, qos);
      } catch (Exception e) {
        log.debug(
            "PUBACK for message {} not sent ({}); the broker will redeliver it",
            id,
            e.getMessage());
      }
    }
  }

  @Override
  public void connectionLost(Throwable cause) {
    keeper.connectionLost(cause);
  }

  @Override
  public boolean isConnected() {
    return subscribed && protocol.isConnected();
  }

  @Override
  public String lastError() {
    return keeper.lastError();
  }

  @Override
  public void close() throws Exception {
    stop(false);
  }

  @Override
  public void abort() throws Exception {
    stop(true);
  }

  /** Stops reconnecting, then disconnects (or drops, as a killed process would) and closes. */
  private void stop(boolean drop) throws InterruptedException {
    keeper.close();
    try {
      if (drop) {
        protocol.drop(100);
      } else if (protocol.isConnected()) {
        protocol.disconnect(5_000);
      } else {
        protocol.drop(1_000);
      }
    } catch (Exception e) {
      log.debug("site disconnect: {}", e.getMessage());
    } finally {
      try {
        protocol.close();
      } catch (Exception e) {
        log.debug("site client close: {}", e.getMessage());
      }
    }
  }
}
