package io.plantwatch.gateway.failure;

/**
 * The broker answered a request after CONNECT (a SUBSCRIBE) with a failure reason code, which Paho
 * reports as a success carrying the code.
 */
public final class BrokerRefusal extends Exception {
  private final String request;
  private final int reasonCode;

  /**
   * @param request what was refused, e.g. "the subscription to 'plant/+/+/+/telemetry'"
   */
  public BrokerRefusal(String request, int reasonCode) {
    super(request + " refused, reason code " + reasonCode);
    this.request = request;
    this.reasonCode = reasonCode;
  }

  public String request() {
    return request;
  }

  public int reasonCode() {
    return reasonCode;
  }
}
