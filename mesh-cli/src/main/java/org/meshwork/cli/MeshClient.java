package org.meshwork.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.meshwork.api.ProductId;
import org.meshwork.platform.serving.ResultFormat;

/**
 * What the read commands ({@code list}, {@code show}, {@code runs}, {@code quality}, {@code get}, {@code query}) ask
 * of a mesh, whether it is opened in this process ({@link EmbeddedMeshClient}) or behind {@code mesh serve}
 * ({@link RemoteMeshClient}). Both answer with the API's JSON documents ({@link org.meshwork.server.ApiViews}), so a
 * command prints the same in either mode, and both fail with the same {@link org.meshwork.api.MeshException}s, so the
 * exit codes are the same too.
 */
interface MeshClient extends AutoCloseable {

    /** Every product (of one domain), as summaries. */
    List<Map<String, Object>> products(Optional<String> domain);

    /** One product in full (as {@code GET /products/{id}}). */
    Map<String, Object> product(ProductId id);

    List<Map<String, Object>> runs(ProductId id, int limit);

    List<Map<String, Object>> quality(ProductId id, int runs);

    /**
     * Reads a product's data through the governed read path and writes it to {@code out}.
     *
     * @param parameters the read in the PostgREST convention, as {@code GET /products/{id}/data} takes it
     */
    ReadSummary data(ProductId id, Map<String, List<String>> parameters, Optional<String> purpose, ResultFormat format,
            OutputStream out) throws IOException;

    /** Runs one read-only SELECT over data products and writes the result to {@code out}. */
    ReadSummary query(String sql, Optional<String> purpose, ResultFormat format, OutputStream out) throws IOException;

    @Override
    void close();
}
