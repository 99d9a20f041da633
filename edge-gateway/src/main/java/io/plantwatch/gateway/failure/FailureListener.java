package io.plantwatch.gateway.failure;

/** Learns of every classified failure; the gateway's metrics count them. */
@FunctionalInterface
public interface FailureListener {
  /**
   * @param component where it happened: {@code queue_commit}, {@code forwarder}, {@code intake},
   *     {@code receipt}
   */
  void failed(String component, Failure failure);

  FailureListener NONE = (component, failure) -> {};
}
