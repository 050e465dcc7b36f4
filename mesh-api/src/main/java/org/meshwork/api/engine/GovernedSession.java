package org.meshwork.api.engine;


/**
 * A read-only engine session for one reader, in which each product the reader may read exists only as a relation
 * named by its id ({@code "dp.sales.orders"}) that shows the allowed columns, masked values in place of masked columns
 * and only the rows of the row filter. Nothing else of the products is visible: the session cannot read or write any
 * file except through these relations (and its own export directory), and its configuration cannot be changed.
 *
 * <p>Used by one thread at a time; {@link #cancel()} may be called from any thread.
 */
public interface GovernedSession extends AutoCloseable {

    /**
     * Runs a structured read of one product.
     *
     * @throws org.meshwork.api.InvalidArgumentException naming the column or value when a column is not visible or a
     *     value is not of its column's type
     */
    ResultCursor read(ProductRead read);

    /**
     * Runs a SELECT that passed {@link GovernedQueryEngine#productsOf} (checked again here), returning at most
     * {@code rowLimit} rows.
     */
    ResultCursor query(String sql, long rowLimit);

    /**
     * Writes the result of a read as one Parquet file in the session's export directory and returns it; the file is
     * deleted when the session closes.
     */
    ExportedFile exportParquet(ProductRead read);

    /** Like {@link #exportParquet(ProductRead)} for a SELECT. */
    ExportedFile exportParquet(String sql, long rowLimit);

    /** Interrupts what runs now and makes later operations fail with {@link QueryCancelledException}. */
    void cancel();

    @Override
    void close();
}
