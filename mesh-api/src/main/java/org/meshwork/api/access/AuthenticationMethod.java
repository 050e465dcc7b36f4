package org.meshwork.api.access;

/** How a principal proved who it is: the label is what the audit log and the API show. */
public enum AuthenticationMethod {
    /** A JWT from the workspace's OpenID Connect issuer ({@code identity.oidc} in {@code mesh.yaml}). */
    OIDC("oidc"),
    /** A personal access token of {@code mesh token create}, held by a person. */
    PERSONAL_ACCESS_TOKEN("pat"),
    /** A token of {@code mesh token create} held by a service account ({@code service_accounts} in mesh.yaml). */
    SERVICE_ACCOUNT_TOKEN("service-account");

    private final String label;

    AuthenticationMethod(String label) {
        this.label = label;
    }

    /** {@code oidc}, {@code pat} or {@code service-account}. */
    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return label;
    }
}
