package org.meshwork.api;

/** No domain with the given name exists. */
public class NoSuchDomainException extends MeshException {
    private static final long serialVersionUID = 1L;

    public NoSuchDomainException(DomainName name) {
        super(ErrorCode.NO_SUCH_DOMAIN, "no domain '" + name + "'");
    }
}
