package io.plantwatch.gateway.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * A password or key store password. It prints as {@value #MASK} (or as nothing when none is set)
 * wherever it ends up, in logs, {@code --print-config}, exception messages and records' {@code
 * toString()}, so no code path can show it by accident; the one way to the text is {@link
 * #reveal()}, called where it is handed to a broker or a key store.
 */
public final class Secret {
  public static final String MASK = "******";
  public static final Secret NONE = new Secret("");

  private final String value;

  private Secret(String value) {
    this.value = value;
  }

  public static Secret of(String value) {
    return value == null || value.isEmpty() ? NONE : new Secret(value);
  }

  /** The secret itself; for the broker or the key store, never for a message. */
  public String reveal() {
    return value;
  }

  public boolean isEmpty() {
    return value.isEmpty();
  }

  /** The mask, or the empty string when nothing is set (whether one is set is not the secret). */
  @Override
  public String toString() {
    return value.isEmpty() ? "" : MASK;
  }

  @Override
  public boolean equals(Object o) {
    // Constant time, so a comparison does not tell how much of a guess was right.
    return o instanceof Secret s
        && MessageDigest.isEqual(
            value.getBytes(StandardCharsets.UTF_8), s.value.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public int hashCode() {
    return Secret.class.hashCode(); // equal secrets must hash alike; the value must not leak
  }
}
