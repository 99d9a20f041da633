package io.plantwatch.view.fleet;

/** A remaining-life prediction: {@code rul} cycles, within {@code low}..{@code high}. */
public record HealthValue(long at, double rul, double low, double high, String model) {}
