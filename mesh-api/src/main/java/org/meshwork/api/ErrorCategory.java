package org.meshwork.api;

/**
 * The broad class of an error, which decides how each edge answers it: an HTTP status at the server, an exit code at
 * the CLI.
 */
public enum ErrorCategory {
    /** The caller sent something invalid: a descriptor, a request, a filter. Fix the input and retry. */
    USER,
    /** Someone else changed the same thing first; reload and retry. */
    CONFLICT,
    /** The caller did not say who they are, or the credentials are not valid. */
    UNAUTHENTICATED,
    /** The caller is not allowed to do this. */
    FORBIDDEN,
    /** The named thing does not exist. */
    NOT_FOUND,
    /** The caller reached a limit (e.g. concurrent queries); retry later. */
    LIMITED,
    /** A fault of the platform itself. */
    INTERNAL
}
