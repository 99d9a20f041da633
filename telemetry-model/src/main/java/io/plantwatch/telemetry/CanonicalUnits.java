package io.plantwatch.telemetry;

import static systems.uom.common.USCustomary.FAHRENHEIT;
import static systems.uom.common.USCustomary.FOOT_PER_SECOND;
import static systems.uom.common.USCustomary.INCH;
import static systems.uom.common.USCustomary.RANKINE;
import static systems.uom.common.USCustomary.REVOLUTION_PER_MINUTE;
import static tech.units.indriya.unit.Units.AMPERE;
import static tech.units.indriya.unit.Units.CELSIUS;
import static tech.units.indriya.unit.Units.KELVIN;
import static tech.units.indriya.unit.Units.METRE_PER_SECOND;
import static tech.units.indriya.unit.Units.PASCAL;
import static tech.units.indriya.unit.Units.SECOND;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import javax.measure.IncommensurableException;
import javax.measure.MetricPrefix;
import javax.measure.Unit;
import javax.measure.UnitConverter;
import si.uom.NonSI;
import systems.uom.common.Imperial;
import systems.uom.common.USCustomary;

/**
 * Converts device values to plantwatch's canonical units (contract 6): temperature degC, vibration
 * velocity mm/s, pressure bar, current A, rotational speed rpm. Other quantities pass through with
 * the unit the device sent.
 *
 * <p>Every conversion factor comes from the JSR 385 unit library (Indriya and the SI and common
 * unit systems built on it); this class only maps the symbols devices write to those units.
 */
public final class CanonicalUnits {

  /** A quantity with a canonical unit, and the symbol readings carry for it. */
  public enum Quantity {
    TEMPERATURE("degC"),
    VELOCITY("mm/s"),
    PRESSURE("bar"),
    CURRENT("A"),
    ROTATIONAL_SPEED("rpm");

    private final String canonicalSymbol;

    Quantity(String canonicalSymbol) {
      this.canonicalSymbol = canonicalSymbol;
    }

    public String canonicalSymbol() {
      return canonicalSymbol;
    }
  }

  private record KnownUnit(Quantity quantity, Unit<?> unit) {}

  private static final Map<String, KnownUnit> SYMBOLS = symbols();

  /** The default unit assumed for a bare number of these metrics, unless configured otherwise. */
  public static final Map<String, String> DEFAULT_METRIC_UNITS =
      Map.of(
          "temperature", "degC",
          "vibration", "mm/s",
          "pressure", "bar",
          "current", "A",
          "speed", "rpm");

  private final Map<String, String> defaultUnits;
  private final Map<String, UnitConverter> converters = new ConcurrentHashMap<>();

  /**
   * @param defaultUnits metric name to the unit its bare values are in; a metric listed here with a
   *     known unit is also bound to that unit's quantity, so a value sent in an incompatible unit
   *     is refused
   */
  public CanonicalUnits(Map<String, String> defaultUnits) {
    this.defaultUnits = Map.copyOf(defaultUnits);
    for (Map.Entry<String, String> e : this.defaultUnits.entrySet()) {
      if (e.getValue().isEmpty()) {
        throw new IllegalArgumentException("default unit of metric '" + e.getKey() + "' is empty");
      }
    }
  }

  public static CanonicalUnits withDefaults() {
    return new CanonicalUnits(DEFAULT_METRIC_UNITS);
  }

  /** True when {@code symbol} is a unit this class can convert. */
  public static boolean isKnownSymbol(String symbol) {
    return SYMBOLS.containsKey(normalise(symbol));
  }

  /** The canonical quantity of a unit symbol, or null when it has none here. */
  public static Quantity quantityOf(String symbol) {
    KnownUnit known = SYMBOLS.get(normalise(symbol));
    return known == null ? null : known.quantity();
  }

  /**
   * Converts one value of {@code metric}, sent in {@code unit} (null when the device gave none), to
   * its canonical unit.
   */
  public Decoded<Measurement> canonicalize(String metric, double value, String unit, long ts) {
    Objects.requireNonNull(metric, "metric");
    String defaultUnit = defaultUnits.get(metric);
    String effective = unit != null ? unit : defaultUnit;
    if (effective == null || effective.isBlank()) {
      return Decoded.accepted(new Measurement(metric, value, "", ts));
    }
    KnownUnit known = SYMBOLS.get(normalise(effective));
    Quantity bound = defaultUnit == null ? null : quantityOf(defaultUnit);
    if (known == null) {
      if (bound != null) {
        return Decoded.refused(
            ReasonCode.UNKNOWN_UNIT,
            "unit '"
                + effective
                + "' of metric '"
                + metric
                + "' is not a known "
                + bound.name().toLowerCase(Locale.ROOT)
                + " unit");
      }
      return Decoded.accepted(new Measurement(metric, value, effective, ts));
    }
    if (bound != null && bound != known.quantity()) {
      return Decoded.refused(
          ReasonCode.INCOMPATIBLE_UNIT,
          "unit '"
              + effective
              + "' is a "
              + known.quantity().name().toLowerCase(Locale.ROOT)
              + " unit but metric '"
              + metric
              + "' is a "
              + bound.name().toLowerCase(Locale.ROOT));
    }
    double converted = converterFor(effective, known).convert(value);
    if (!Double.isFinite(converted)) {
      return Decoded.refused(
          ReasonCode.NON_FINITE_VALUE, "value of metric '" + metric + "' overflows in conversion");
    }
    return Decoded.accepted(
        new Measurement(metric, converted, known.quantity().canonicalSymbol(), ts));
  }

  private UnitConverter converterFor(String symbol, KnownUnit known) {
    return converters.computeIfAbsent(
        normalise(symbol),
        s -> {
          Unit<?> canonical = SYMBOLS.get(known.quantity().canonicalSymbol()).unit();
          try {
            return known.unit().getConverterToAny(canonical);
          } catch (IncommensurableException e) {
            throw new IllegalStateException("unit table is inconsistent for " + s, e);
          }
        });
  }

  private static String normalise(String symbol) {
    return symbol == null ? "" : symbol.strip();
  }

  private static Map<String, KnownUnit> symbols() {
    Map<String, KnownUnit> m = new HashMap<>();
    put(m, Quantity.TEMPERATURE, CELSIUS, "degC", "°C", "℃", "Cel");
    put(m, Quantity.TEMPERATURE, FAHRENHEIT, "degF", "°F", "℉");
    put(m, Quantity.TEMPERATURE, KELVIN, "K");
    put(m, Quantity.TEMPERATURE, RANKINE, "degR", "°R");

    put(m, Quantity.VELOCITY, MetricPrefix.MILLI(METRE_PER_SECOND), "mm/s");
    put(m, Quantity.VELOCITY, METRE_PER_SECOND, "m/s");
    put(m, Quantity.VELOCITY, INCH.divide(SECOND), "in/s", "ips");
    put(m, Quantity.VELOCITY, FOOT_PER_SECOND, "ft/s");

    put(m, Quantity.PRESSURE, NonSI.BAR, "bar");
    put(m, Quantity.PRESSURE, MetricPrefix.MILLI(NonSI.BAR), "mbar");
    put(m, Quantity.PRESSURE, PASCAL, "Pa");
    put(m, Quantity.PRESSURE, MetricPrefix.HECTO(PASCAL), "hPa");
    put(m, Quantity.PRESSURE, MetricPrefix.KILO(PASCAL), "kPa");
    put(m, Quantity.PRESSURE, MetricPrefix.MEGA(PASCAL), "MPa");
    put(m, Quantity.PRESSURE, Imperial.POUND_FORCE.divide(INCH.pow(2)), "psi", "psia");

    put(m, Quantity.CURRENT, AMPERE, "A");
    put(m, Quantity.CURRENT, MetricPrefix.MILLI(AMPERE), "mA");
    put(m, Quantity.CURRENT, MetricPrefix.KILO(AMPERE), "kA");

    put(m, Quantity.ROTATIONAL_SPEED, REVOLUTION_PER_MINUTE, "rpm", "r/min", "rev/min", "1/min");
    put(m, Quantity.ROTATIONAL_SPEED, USCustomary.REVOLUTION.divide(SECOND), "rps", "r/s", "rev/s");
    return Map.copyOf(m);
  }

  private static void put(Map<String, KnownUnit> m, Quantity q, Unit<?> unit, String... aliases) {
    for (String alias : aliases) {
      m.put(alias, new KnownUnit(q, unit));
    }
  }
}
