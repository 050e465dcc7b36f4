package org.meshwork.cli;

import org.meshwork.api.ProductId;
import picocli.CommandLine.Parameters;

/** The {@code ID} argument of commands about one product. */
final class ProductArgument {
    @Parameters(index = "0", paramLabel = "ID", description = "Product id, e.g. dp.sales.orders.")
    String id;

    ProductId productId() {
        return ProductId.parse(id);
    }
}
