package org.meshwork.api.access;

/** Whether a principal is a person or a machine. */
public enum PrincipalKind {
    USER,
    SERVICE_ACCOUNT
}
