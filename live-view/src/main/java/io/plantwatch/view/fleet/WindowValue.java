package io.plantwatch.view.fleet;

/** A window's statistics as the job last wrote them, in the metric's canonical unit. */
public record WindowValue(
    long windowStart,
    long windowEnd,
    double avg,
    double max,
    double min,
    long count,
    String unit,
    String gateway) {}
