package org.meshwork.server;

import java.util.List;
import java.util.Map;
import org.meshwork.platform.serving.DataRequest;

/**
 * Turns the query parameters of {@code GET /products/{id}/data} (the PostgREST convention: {@code country=eq.DE},
 * {@code select=}, {@code order=}, {@code limit}, {@code offset}, {@code cursor}, {@code version}, {@code as_of}) into a
 * {@link DataRequest}. The server strips its own parameters ({@code format}, {@code purpose}) first. One function, so
 * the server does not depend on how the filter grammar is implemented.
 */
@FunctionalInterface
public interface RequestParser {

    /**
     * @throws org.meshwork.api.InvalidArgumentException naming the parameter when one is malformed
     */
    DataRequest parse(Map<String, List<String>> queryParameters);
}
