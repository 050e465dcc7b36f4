package org.meshwork.api;

/** No data product with the given id exists. */
public class NoSuchProductException extends MeshException {
    private static final long serialVersionUID = 1L;

    public NoSuchProductException(ProductId id) {
        super(ErrorCode.NO_SUCH_PRODUCT, "no data product '" + id + "'");
    }
}
