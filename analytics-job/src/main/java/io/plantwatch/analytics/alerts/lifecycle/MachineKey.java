package io.plantwatch.analytics.alerts.lifecycle;

import java.io.Serializable;

/** Which machine an alert is about: free text from the field, carried as it is. */
public record MachineKey(String site, String line, String machine) implements Serializable {}
