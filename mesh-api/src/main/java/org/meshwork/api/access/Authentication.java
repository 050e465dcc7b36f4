package org.meshwork.api.access;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * How and from where a principal was authenticated, for the audit log: set by the edge that checked the credential
 * (the server), absent for a principal the local CLI acts as.
 *
 * @param clientAddress the address the request came from, when the edge knows it
 */
public record Authentication(AuthenticationMethod method, Optional<String> clientAddress) {

    public Authentication {
        requireNonNull(method, "method is null");
        requireNonNull(clientAddress, "clientAddress is null");
    }

    public Authentication from(String address) {
        return new Authentication(method, Optional.ofNullable(address).filter(text -> !text.isBlank()));
    }
}
