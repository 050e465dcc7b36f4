package org.meshwork.api.engine;

/**
 * A processing engine that runs a product's pipeline: loads sources, runs the transform, checks the result against the
 * contract and writes Parquet files for the table format to commit. Implementations are registered with
 * {@link Engines} under their {@link #name()}.
 *
 * <p>Implementations are safe to use from several threads; each {@link EngineSession} is not (except
 * {@link EngineSession#cancel()}).
 */
public interface Engine {

    /** The name descriptors use in {@code processing.engine}, e.g. {@code duckdb}. */
    String name();

    /**
     * Opens an isolated session for one run. Nothing is shared between sessions: every relation, the quarantine and
     * every setting live and die with the session.
     *
     * @throws org.meshwork.api.MeshException with {@code RUN_FAILED} when the session cannot be started
     */
    EngineSession openSession(SessionOptions options);
}
