package org.meshwork.api.policy;

import java.util.List;

/**
 * Policies as code. {@link #compile} checks and compiles every rule once; the returned {@link CompiledPolicies}
 * evaluates them many times, fast and side-effect free.
 *
 * <p>Rules see these variables (all dynamically typed; integers are 64-bit):
 * <ul>
 *   <li>{@code product} — the descriptor as the YAML has it ({@code apiVersion}, {@code kind}, {@code metadata},
 *       {@code spec} with the infrastructure sections merged in), plus {@code id} and {@code domain};</li>
 *   <li>{@code run} — the latest run ({@code status}, {@code rows_read}, {@code rows_written}, …), or the run being
 *       published at the run gate;</li>
 *   <li>{@code checks} — the latest quality check results, a list of {@code {name, passed, severity, …}};</li>
 *   <li>{@code lineage} — {@code {inputs: [...]}}, the declared sources (upstream product ids and external sources);</li>
 *   <li>{@code environment} — the workspace environment ({@code dev}, {@code staging}, {@code prod});</li>
 *   <li>{@code principal} and {@code access} — at the access gate only: who reads and what the access decision is;</li>
 *   <li>{@code storage} — what is on disk: {@code published}, {@code encrypted} (every current file encrypted with the
 *       product's data key), {@code data_key}, {@code master_key_id}, {@code files}, {@code plain_files}; at the run
 *       gate, of the snapshot about to be published; not bound at the apply gate (nothing is on disk for a
 *       descriptor yet), so rules test {@code has(storage.published)} first.</li>
 * </ul>
 */
public interface PolicyEngine {
    /** Every variable a rule may use. */
    List<String> VARIABLES =
            List.of("product", "run", "checks", "lineage", "environment", "principal", "access", "storage");

    /**
     * Compiles every policy's rule.
     *
     * @throws org.meshwork.api.descriptor.InvalidDescriptorException listing every rule that does not compile, at
     *     its file and line, with the column inside the expression
     */
    CompiledPolicies compile(List<Policy> policies);
}
