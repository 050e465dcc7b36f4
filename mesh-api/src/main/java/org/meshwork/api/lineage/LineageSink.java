package org.meshwork.api.lineage;

/**
 * Where OpenLineage run events go: newline-delimited JSON files in the workspace, or an HTTP endpoint such as
 * Marquez's {@code /api/v1/lineage}. The event is passed as its JSON text so this SPI carries no JSON library types.
 */
public interface LineageSink extends AutoCloseable {
    /**
     * Delivers one OpenLineage {@code RunEvent}.
     *
     * @throws LineageDeliveryException when the event could not be delivered
     */
    void send(String runEventJson);

    @Override
    default void close() {}
}
