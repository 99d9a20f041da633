package io.plantwatch.analytics.influx;

import java.util.Arrays;
import java.util.List;

/**
 * Line-protocol points, one per line, gathered as the body of one write request. The windows sink
 * writes each point straight into the body: a string per point, joined into a body by the InfluxDB
 * client, copied every point twice more (docs/performance.md).
 */
public final class Points {
  private final StringBuilder body;
  private int count;

  public Points() {
    this(256);
  }

  private Points(int capacity) {
    body = new StringBuilder(capacity);
  }

  /** Points of {@code lines}, one each. */
  public static Points of(List<String> lines) {
    Points points = new Points(lines.size() * 160);
    lines.forEach(points::add);
    return points;
  }

  /** Adds one point's line. */
  public Points add(String line) {
    next().append(line);
    return this;
  }

  /** Where the next point's line is to be written, after those before; one point more. */
  public StringBuilder next() {
    if (count++ > 0) {
      body.append('\n');
    }
    return body;
  }

  public int count() {
    return count;
  }

  public boolean isEmpty() {
    return count == 0;
  }

  /** The request's body: the lines, separated by {@code \n}. */
  public String body() {
    return body.toString();
  }

  /** The lines, each a point (line protocol holds no line break within a point). */
  public List<String> lines() {
    return count == 0 ? List.of() : Arrays.asList(body().split("\n", -1));
  }

  /** Empties it for the next request, keeping the room the body took. */
  public void clear() {
    body.setLength(0);
    count = 0;
  }
}
