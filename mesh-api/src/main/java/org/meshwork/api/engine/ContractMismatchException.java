package org.meshwork.api.engine;

import java.util.List;
import org.meshwork.api.ErrorCode;
import org.meshwork.api.MeshException;

/** A run's result does not match the product's output contract; {@link #problems()} names each column at fault. */
public class ContractMismatchException extends MeshException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public ContractMismatchException(List<String> problems) {
        super(ErrorCode.RUN_FAILED, "the result does not match the output contract: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** One sentence per mismatch, each starting with {@code column <name>:}. */
    public List<String> problems() {
        return problems;
    }
}
