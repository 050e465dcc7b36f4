package org.meshwork.api.alert;

/**
 * Delivers {@link Alert}s to one receiver: a webhook, the log, a chat channel.
 *
 * <p>Contract:
 * <ul>
 *   <li>{@link #send} delivers one alert, once, and returns when the receiver has accepted it. It may block (network
 *       calls, with a bounded timeout of its own); callers therefore never call a notifier on a run's thread, but
 *       through a dispatcher that delivers on its own threads, so that alerting never fails or slows a run.</li>
 *   <li>A failed delivery throws {@link NotificationException}; the notifier does not retry itself — retries with
 *       backoff are the caller's.</li>
 *   <li>Implementations are safe for use by several threads at once.</li>
 * </ul>
 */
public interface Notifier {
    /** A short name for logs, e.g. {@code log} or {@code webhook http://host/hook}; never a secret (no URL tokens). */
    String name();

    /**
     * Delivers an alert.
     *
     * @throws NotificationException when the receiver could not be reached or did not accept the alert
     */
    void send(Alert alert);
}
