/**
 * Alerts to a product's owners: what happened ({@link org.meshwork.api.alert.Alert}) and who delivers it
 * ({@link org.meshwork.api.alert.Notifier}: webhook, log). Runs raise alerts when they fail, time out or fail their
 * quality checks; the SLA monitor raises them on breach and recovery.
 */
package org.meshwork.api.alert;
