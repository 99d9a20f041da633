package io.plantwatch.analytics.alerts.mail;

/**
 * One rendered mail to one recipient.
 *
 * @param key idempotency key: the same alert transitions to the same recipient give the same key,
 *     which names the outbox file and the Message-ID
 */
public record Mail(String key, String to, String subject, String text, String html) {}
