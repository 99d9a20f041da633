package io.plantwatch.gateway.config;

import java.lang.reflect.RecordComponent;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Builds and reads the typed configuration records along the keys' paths: the component for {@code
 * uplink.broker.uri} is {@code uri} of the record in {@code broker} of the record in {@code
 * uplink}. This is what lets a key be declared once ({@link GatewayKeys}) while the rest of the
 * gateway reads plain records.
 */
final class RecordBinding {
  private RecordBinding() {}

  /**
   * A record of {@code type} whose leaves (the paths {@code isKey} accepts) come from {@code
   * valueAt}, and whose record components that are not keys are built the same way.
   */
  static <R> R build(
      Class<R> type, String prefix, Predicate<String> isKey, Function<String, Object> valueAt) {
    RecordComponent[] components = type.getRecordComponents();
    Class<?>[] types = new Class<?>[components.length];
    Object[] args = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      RecordComponent c = components[i];
      String path = prefix.isEmpty() ? c.getName() : prefix + "." + c.getName();
      types[i] = c.getType();
      if (isKey.test(path)) {
        args[i] = valueAt.apply(path);
      } else if (c.getType().isRecord()) {
        args[i] = build(c.getType(), path, isKey, valueAt);
      } else {
        throw new IllegalStateException(type.getName() + "." + c.getName() + " is not a key");
      }
    }
    try {
      return type.getDeclaredConstructor(types).newInstance(args);
    } catch (ReflectiveOperationException | IllegalArgumentException e) {
      throw new IllegalStateException("cannot build " + type.getName() + ": " + e, e);
    }
  }

  /** The value at {@code path} of a record tree. */
  static Object read(Object root, String path) {
    Object at = root;
    for (String segment : path.split("\\.")) {
      at = component(at, segment);
    }
    return at;
  }

  private static Object component(Object record, String name) {
    for (RecordComponent c : record.getClass().getRecordComponents()) {
      if (c.getName().equals(name)) {
        try {
          return c.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    throw new IllegalStateException(record.getClass().getName() + " has no " + name);
  }
}
