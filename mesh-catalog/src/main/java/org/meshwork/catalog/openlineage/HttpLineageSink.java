package org.meshwork.catalog.openlineage;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.meshwork.api.lineage.LineageDeliveryException;
import org.meshwork.api.lineage.LineageSink;

/**
 * POSTs each event as JSON to an OpenLineage HTTP endpoint, such as Marquez's {@code /api/v1/lineage}; any answer
 * other than 2xx is a failure. Extra headers (e.g. {@code Authorization}) come from the configuration.
 */
public final class HttpLineageSink implements LineageSink {
    private final URI endpoint;
    private final Map<String, String> headers;
    private final Duration timeout;
    private final HttpClient client;

    public HttpLineageSink(URI endpoint, Map<String, String> headers, Duration timeout) {
        this.endpoint = requireNonNull(endpoint, "endpoint is null");
        this.headers = Map.copyOf(headers);
        this.timeout = requireNonNull(timeout, "timeout is null");
        this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void send(String runEventJson) {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(runEventJson));
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new LineageDeliveryException("the OpenLineage endpoint " + endpoint + " answered "
                        + response.statusCode() + ": " + abbreviate(response.body()), null);
            }
        } catch (IOException e) {
            throw new LineageDeliveryException("could not POST an OpenLineage event to " + endpoint + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LineageDeliveryException("interrupted while POSTing an OpenLineage event to " + endpoint, e);
        }
    }

    private static String abbreviate(String body) {
        return body.length() <= 200 ? body : body.substring(0, 200) + "…";
    }
}
