package org.meshwork.platform.serving;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** What the audit log records about a read besides its content: the stated purpose and where it came from. */
public record RequestContext(Optional<String> purpose, Optional<String> clientAddress) {

    public RequestContext {
        requireNonNull(purpose, "purpose is null");
        requireNonNull(clientAddress, "clientAddress is null");
    }

    public static RequestContext local() {
        return new RequestContext(Optional.empty(), Optional.empty());
    }
}
