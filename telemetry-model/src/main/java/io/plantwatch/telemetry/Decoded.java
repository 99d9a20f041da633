package io.plantwatch.telemetry;

import java.util.Objects;
import java.util.function.Function;

/**
 * The outcome of decoding untrusted input: either a value or a {@link Rejection}. Decoders return
 * this instead of throwing, so callers route bad input to quarantine without try/catch around every
 * call.
 */
public sealed interface Decoded<T> {

  record Accepted<T>(T value) implements Decoded<T> {
    public Accepted {
      Objects.requireNonNull(value, "value");
    }
  }

  record Refused<T>(Rejection rejection) implements Decoded<T> {
    public Refused {
      Objects.requireNonNull(rejection, "rejection");
    }
  }

  static <T> Decoded<T> accepted(T value) {
    return new Accepted<>(value);
  }

  static <T> Decoded<T> refused(ReasonCode reason, String detail) {
    return new Refused<>(new Rejection(reason, detail));
  }

  default boolean isAccepted() {
    return this instanceof Accepted;
  }

  /** The value; throws {@link IllegalStateException} naming the rejection if there is none. */
  default T value() {
    if (this instanceof Accepted<T> a) {
      return a.value();
    }
    throw new IllegalStateException("refused: " + ((Refused<T>) this).rejection());
  }

  /** The rejection; throws {@link IllegalStateException} if the input was accepted. */
  default Rejection rejection() {
    if (this instanceof Refused<T> r) {
      return r.rejection();
    }
    throw new IllegalStateException("accepted, no rejection");
  }

  default <R> Decoded<R> map(Function<T, R> f) {
    if (this instanceof Accepted<T> a) {
      return new Accepted<>(f.apply(a.value()));
    }
    return new Refused<>(((Refused<T>) this).rejection());
  }
}
