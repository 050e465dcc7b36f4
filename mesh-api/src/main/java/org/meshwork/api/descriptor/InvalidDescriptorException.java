package org.meshwork.api.descriptor;

import java.util.List;
import java.util.stream.Collectors;
import org.meshwork.api.ErrorCode;
import org.meshwork.api.MeshException;

/** A descriptor has one or more errors. Carries all of them, so a user fixes a file in one pass. */
public class InvalidDescriptorException extends MeshException {
    private static final long serialVersionUID = 1L;

    private final transient List<Problem> problems;

    public InvalidDescriptorException(List<Problem> problems) {
        super(ErrorCode.INVALID_DESCRIPTOR, summary(problems));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }

    private static String summary(List<Problem> problems) {
        long errors = problems.stream().filter(Problem::isError).count();
        return errors + (errors == 1 ? " error" : " errors") + " in descriptor:\n"
                + problems.stream().map(Problem::format).collect(Collectors.joining("\n"));
    }
}
