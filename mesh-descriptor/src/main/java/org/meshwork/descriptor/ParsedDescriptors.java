package org.meshwork.descriptor;

import java.util.List;
import org.meshwork.api.descriptor.Descriptor;
import org.meshwork.api.descriptor.InvalidDescriptorException;
import org.meshwork.api.descriptor.Problem;

/**
 * The outcome of parsing descriptor files: the descriptors of every document without errors, and every problem
 * (errors and warnings) of every file, sorted by file, line and column, and where each descriptor's fields stand.
 */
public record ParsedDescriptors(List<Descriptor> descriptors, List<Problem> problems, FieldLocator locator) {
    public ParsedDescriptors {
        descriptors = List.copyOf(descriptors);
        problems = List.copyOf(problems);
        java.util.Objects.requireNonNull(locator, "locator is null");
    }

    /** Descriptors whose fields are reported where their documents start. */
    public ParsedDescriptors(List<Descriptor> descriptors, List<Problem> problems) {
        this(descriptors, problems, FieldLocator.ORIGINS);
    }

    public boolean hasErrors() {
        return problems.stream().anyMatch(Problem::isError);
    }

    public List<Problem> errors() {
        return problems.stream().filter(Problem::isError).toList();
    }

    public List<Problem> warnings() {
        return problems.stream().filter(problem -> !problem.isError()).toList();
    }

    /** @throws InvalidDescriptorException carrying all problems, when any of them is an error */
    public void throwIfInvalid() {
        if (hasErrors()) {
            throw new InvalidDescriptorException(problems);
        }
    }
}
