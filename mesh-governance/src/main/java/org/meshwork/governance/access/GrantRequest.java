package org.meshwork.governance.access;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.meshwork.api.access.Grantee;

/**
 * What an owner asks for in {@code mesh grant}: whom, which columns (empty: all), which rows ({@code where} in the
 * {@link RowFilterParser} grammar), for what purpose, for how long, and whether PII is shown in clear.
 */
public record GrantRequest(
        Grantee grantee,
        List<String> columns,
        Optional<String> where,
        Optional<String> purpose,
        Optional<Duration> expiresAfter,
        boolean piiClearance) {

    public GrantRequest {
        requireNonNull(grantee, "grantee is null");
        columns = List.copyOf(columns);
        requireNonNull(where, "where is null");
        requireNonNull(purpose, "purpose is null");
        requireNonNull(expiresAfter, "expiresAfter is null");
    }
}
