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
     * The engine's own version, e.g. {@code 1.4.1}: what a descriptor's {@code processing.version} is checked against
     * at apply.
     */
    String version();

    /**
     * Whether the engine spreads a run over workers it can add and remove ({@code processing.auto_scaling},
     * {@code min_workers}, {@code max_workers}); a single-node engine runs in one process and says so at apply.
     */
    boolean scalesOut();

    /**
     * Opens an isolated session for one run. Nothing is shared between sessions: every relation, the quarantine and
     * every setting live and die with the session.
     *
     * @throws org.meshwork.api.MeshException with {@code RUN_FAILED} when the session cannot be started
     */
    EngineSession openSession(SessionOptions options);
}
