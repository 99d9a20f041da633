package io.plantwatch.analytics.alerts.rules;

/** Comparison of a threshold rule: the value breaches when {@code value OP threshold}. */
public enum Operator {
  GT(">"),
  GE(">="),
  LT("<"),
  LE("<=");

  private final String symbol;

  Operator(String symbol) {
    this.symbol = symbol;
  }

  public String symbol() {
    return symbol;
  }

  public boolean test(double value, double threshold) {
    return switch (this) {
      case GT -> value > threshold;
      case GE -> value >= threshold;
      case LT -> value < threshold;
      case LE -> value <= threshold;
    };
  }

  /** True for {@code >} and {@code >=}: high values are bad. */
  public boolean rising() {
    return this == GT || this == GE;
  }

  public static Operator parse(String symbol) {
    for (Operator o : values()) {
      if (o.symbol.equals(symbol)) {
        return o;
      }
    }
    throw new IllegalArgumentException("'" + symbol + "' is not one of >, >=, <, <=");
  }
}
