package io.plantwatch.analytics.alerts.stream;

import io.plantwatch.analytics.alerts.lifecycle.AlertEvent;
import java.io.Serializable;

/** A transition as the stateful step emits it, with the gateway the machine's data came through. */
public record RaisedAlert(AlertEvent event, String gateway) implements Serializable {}
