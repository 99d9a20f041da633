package io.plantwatch.analytics.health;

import java.io.Serializable;

/**
 * The features of one machine after one closed window, as the stream emits them to the scorer. A
 * Java bean because Spark's bean encoder carries it between the stateful step and the sink.
 */
public class HealthFeatures implements Serializable {
  private String site;
  private String line;
  private String machine;
  private long windowEnd;
  private long cycles;
  private double[] features;

  public HealthFeatures() {}

  HealthFeatures(
      String site, String line, String machine, long windowEnd, long cycles, double[] features) {
    this.site = site;
    this.line = line;
    this.machine = machine;
    this.windowEnd = windowEnd;
    this.cycles = cycles;
    this.features = features;
  }

  public String getSite() {
    return site;
  }

  public void setSite(String site) {
    this.site = site;
  }

  public String getLine() {
    return line;
  }

  public void setLine(String line) {
    this.line = line;
  }

  public String getMachine() {
    return machine;
  }

  public void setMachine(String machine) {
    this.machine = machine;
  }

  /** Epoch milliseconds of the (exclusive) end of the window the features were taken after. */
  public long getWindowEnd() {
    return windowEnd;
  }

  public void setWindowEnd(long windowEnd) {
    this.windowEnd = windowEnd;
  }

  public long getCycles() {
    return cycles;
  }

  public void setCycles(long cycles) {
    this.cycles = cycles;
  }

  public double[] getFeatures() {
    return features;
  }

  public void setFeatures(double[] features) {
    this.features = features;
  }
}
