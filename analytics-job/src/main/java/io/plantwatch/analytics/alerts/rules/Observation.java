package io.plantwatch.analytics.alerts.rules;

import java.io.Serializable;

/**
 * The statistics of one metric of one machine in one window, as the window query computes them;
 * {@code windowEnd} is the window's exclusive end in epoch milliseconds.
 */
public record Observation(
    String metric, String window, long windowEnd, double avg, double max, double min, long count)
    implements Serializable {}
