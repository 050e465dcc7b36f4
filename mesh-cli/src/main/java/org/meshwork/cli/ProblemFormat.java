package org.meshwork.cli;

import org.meshwork.api.descriptor.Problem;

/** Prints a descriptor problem the way compilers do, {@code file:line:column: error: path: message (hint)}. */
final class ProblemFormat {
    private ProblemFormat() {}

    static String format(Output output, Problem problem) {
        String severity = problem.isError() ? output.style("bold,red", "error") : output.style("bold,yellow", "warning");
        String path = problem.path().isEmpty() ? "" : output.style("bold", problem.path()) + ": ";
        return problem.position() + ": " + severity + ": " + path + problem.message()
                + problem.hint().map(hint -> " (" + hint + ")").orElse("");
    }
}
