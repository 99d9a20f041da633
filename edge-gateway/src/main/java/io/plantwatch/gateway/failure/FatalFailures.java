package io.plantwatch.gateway.failure;

/**
 * Where a component reports a failure it cannot carry on after (a fatal one, or retries spent): the
 * gateway stops with that message. Durable state is already safe at that point: readings stay in
 * the queue and unacknowledged site messages stay with the site broker.
 */
@FunctionalInterface
public interface FatalFailures {
  void stop(String component, Failure failure);
}
