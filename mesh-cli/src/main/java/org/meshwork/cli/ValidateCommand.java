package org.meshwork.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.meshwork.api.ErrorCode;
import org.meshwork.api.descriptor.Descriptor;
import org.meshwork.api.descriptor.Problem;
import org.meshwork.descriptor.DescriptorParser;
import org.meshwork.descriptor.ParsedDescriptors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code mesh validate}: checks descriptor files without a workspace; reports every problem at once. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Validate descriptor files (or directories of *.yaml) and report every problem with file:line:column.")
final class ValidateCommand implements Callable<Integer> {
    @ParentCommand
    MeshCommand mesh;

    @Parameters(arity = "1..*", paramLabel = "FILE|DIR", description = "Descriptor files or directories.")
    List<Path> paths;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    public Integer call() {
        ParsedDescriptors parsed = new DescriptorParser().parse(paths);
        Output output = mesh.output();
        if (json) {
            output.json(Map.of(
                    "valid", !parsed.hasErrors(),
                    "resources", parsed.descriptors().stream().map(ValidateCommand::describe).toList(),
                    "problems", parsed.problems().stream().map(JsonViews::problem).toList()));
        } else {
            for (Problem problem : parsed.problems()) {
                output.line(ProblemFormat.format(output, problem));
            }
            Map<String, Integer> kinds = new TreeMap<>();
            parsed.descriptors().forEach(d -> kinds.merge(d.kind().label(), 1, Integer::sum));
            String summary = parsed.errors().size() + " errors, " + parsed.warnings().size() + " warnings";
            if (parsed.hasErrors()) {
                output.line(output.style("bold,red", "invalid") + ": " + summary);
            } else {
                output.line(output.style("bold,green", "valid") + ": " + parsed.descriptors().size() + " resources "
                        + kinds + ", " + summary);
            }
        }
        return parsed.hasErrors() ? ErrorCode.EXIT_INVALID_INPUT : 0;
    }

    private static Map<String, Object> describe(Descriptor descriptor) {
        return Map.of("kind", descriptor.kind().label(), "name", descriptor.metadata().name(),
                "origin", descriptor.origin().toString());
    }
}
