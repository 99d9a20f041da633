package io.plantwatch.gateway.collect;

import io.plantwatch.gateway.config.GatewayConfig;
import io.plantwatch.gateway.config.Secret;
import java.util.List;
import javax.net.SocketFactory;

/**
 * The calls that differ between Paho's MQTT 5 and MQTT 3.1.1 clients; everything else about the
 * site connection is {@link SiteConnection}'s, once.
 */
interface SiteProtocol {
  /** What the Paho client reports, on its callback threads. */
  interface Events {
    /**
     * @param subscriptionIds the MQTT 5 subscription identifiers the message came through; empty on
     *     MQTT 3.1.1
     */
    void messageArrived(
        String topic, byte[] payload, int id, int qos, List<Integer> subscriptionIds);

    void connectionLost(Throwable cause);
  }

  /** "MQTT 5" or "MQTT 3.1.1", for the log. */
  String name();

  /** Connects with a persistent session and manual acknowledgements; throws on failure. */
  void connect(GatewayConfig.Site site, Secret password, SocketFactory sockets) throws Exception;

  /**
   * Subscribes to every filter with QoS 1; a refused filter is a {@link
   * io.plantwatch.gateway.failure.BrokerRefusal}.
   */
  void subscribe(List<String> filters, long waitMillis) throws Exception;

  /** The PUBACK of a message: sent only once the message is in the durable queue. */
  void acknowledge(int id, int qos) throws Exception;

  boolean isConnected();

  /** A clean DISCONNECT. */
  void disconnect(long waitMillis) throws Exception;

  /** Drops the connection without a DISCONNECT packet. */
  void drop(long waitMillis) throws Exception;

  void close() throws Exception;
}
