package org.meshwork.api.alert;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.meshwork.api.ProductId;

/**
 * Something about a data product that its owners should hear of now, e.g. a run that failed its quality checks.
 *
 * @param kind what happened
 * @param productId the product it happened to
 * @param occurredAt when it happened (for a run: when the run ended)
 * @param title one short line, e.g. {@code dp.sales.orders: quality checks failed}
 * @param message what happened in plain words, possibly several lines
 * @param details machine-readable facts, in a stable order: e.g. {@value #RUN_ID}, {@value #RUN_STATUS},
 *     {@value #TABLE_VERSION}, {@value #FAILED_CHECKS}; keys and values are never null
 * @param communicationChannel the product's {@code ownership.communication_channel}, e.g. {@code #sales-data}; alerts
 *     are routed by it
 * @param onCall the product's {@code ownership.on_call_rotation}, for the receiver to page
 */
public record Alert(
        AlertKind kind,
        ProductId productId,
        Instant occurredAt,
        String title,
        String message,
        Map<String, String> details,
        Optional<String> communicationChannel,
        Optional<String> onCall) {

    /** Detail: the id of the run the alert is about. */
    public static final String RUN_ID = "run_id";
    /** Detail: how the run ended, e.g. {@code failed_quality}. */
    public static final String RUN_STATUS = "run_status";
    /** Detail: the table version the product's consumers read (the last good one when a run published nothing). */
    public static final String TABLE_VERSION = "table_version";
    /** Detail: the names of the failed required checks, comma-separated. */
    public static final String FAILED_CHECKS = "failed_checks";
    /** Detail: the run's error message. */
    public static final String ERROR = "error";

    public Alert {
        requireNonNull(kind, "kind is null");
        requireNonNull(productId, "productId is null");
        requireNonNull(occurredAt, "occurredAt is null");
        requireNonNull(title, "title is null");
        requireNonNull(message, "message is null");
        requireNonNull(communicationChannel, "communicationChannel is null");
        requireNonNull(onCall, "onCall is null");
        Map<String, String> copy = new LinkedHashMap<>();
        details.forEach((key, value) -> copy.put(requireNonNull(key, "detail key is null"),
                requireNonNull(value, () -> "detail '" + key + "' is null")));
        // insertion order is kept so that payloads list details in the order they were given
        details = Collections.unmodifiableMap(copy);
    }
}
