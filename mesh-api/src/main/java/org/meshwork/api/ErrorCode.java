package org.meshwork.api;

import static java.util.Objects.requireNonNull;

/**
 * Every error Meshwork reports, with its category, HTTP status and CLI exit code. The edges (HTTP, CLI) map exceptions
 * to responses through this enum only.
 */
public enum ErrorCode {
    INVALID_DESCRIPTOR(ErrorCategory.USER, 400),
    INVALID_ARGUMENT(ErrorCategory.USER, 400),
    INVALID_CONFIGURATION(ErrorCategory.USER, 400),
    COMMIT_CONFLICT(ErrorCategory.CONFLICT, 409),
    RUN_IN_PROGRESS(ErrorCategory.CONFLICT, 409),
    TOO_MANY_REQUESTS(ErrorCategory.LIMITED, 429),
    /** A read or query ran longer than the workspace allows ({@code serving.query_timeout}) and was cancelled. */
    QUERY_TIMEOUT(ErrorCategory.LIMITED, 503),
    UNAUTHENTICATED(ErrorCategory.UNAUTHENTICATED, 401),
    FORBIDDEN(ErrorCategory.FORBIDDEN, 403),
    POLICY_VIOLATION(ErrorCategory.FORBIDDEN, 403),
    NO_SUCH_PRODUCT(ErrorCategory.NOT_FOUND, 404),
    NO_SUCH_DOMAIN(ErrorCategory.NOT_FOUND, 404),
    NO_SUCH_RESOURCE(ErrorCategory.NOT_FOUND, 404),
    NO_SUCH_RUN(ErrorCategory.NOT_FOUND, 404),
    NO_SUCH_VERSION(ErrorCategory.NOT_FOUND, 404),
    ENGINE_UNAVAILABLE(ErrorCategory.USER, 400),
    /** The OpenID Connect issuer (discovery or keys) did not answer, so a JWT could not be checked now. */
    IDENTITY_PROVIDER_UNAVAILABLE(ErrorCategory.INTERNAL, 503),
    RUN_FAILED(ErrorCategory.INTERNAL, 500),
    INTERNAL(ErrorCategory.INTERNAL, 500);

    /** Exit code of the CLI for a general failure. */
    public static final int EXIT_FAILURE = 1;
    /** Exit code of the CLI for invalid input (descriptor, argument, configuration). */
    public static final int EXIT_INVALID_INPUT = 2;

    private final ErrorCategory category;
    private final int httpStatus;

    ErrorCode(ErrorCategory category, int httpStatus) {
        this.category = requireNonNull(category, "category is null");
        this.httpStatus = httpStatus;
    }

    public ErrorCategory category() {
        return category;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** The CLI exit code: 2 for the caller's invalid input, 1 for every other failure. */
    public int exitCode() {
        return category == ErrorCategory.USER ? EXIT_INVALID_INPUT : EXIT_FAILURE;
    }

    /** The stable code used in JSON errors, e.g. {@code invalid_descriptor}. */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
