package io.plantwatch.analytics.alerts.mail;

import java.util.List;

/**
 * One rendered mail to one recipient.
 *
 * @param key idempotency key: the same alert transitions to the same recipient give the same key,
 *     which names the outbox file and the Message-ID
 * @param transitions the idempotency keys of the alert transitions the mail reports (one, or a
 *     digest's many), written as the {@code X-Plantwatch-Transitions} header so that a reader of
 *     the outbox (the live view) can tell which mail each transition produced
 */
public record Mail(
    String key, String to, String subject, String text, String html, List<String> transitions) {
  public static final String TRANSITIONS_HEADER = "X-Plantwatch-Transitions";

  public Mail {
    transitions = List.copyOf(transitions);
  }
}
