package org.meshwork.engine.duckdb;

import java.nio.file.Path;
import java.util.List;
import org.meshwork.api.descriptor.SourceSpec;
import org.meshwork.api.engine.SourceInput;

/** Everything a source reader needs: the source, its resolved input, the session's database and staging space. */
record SourceContext(
        SourceSpec source,
        SourceInput input,
        List<DeclaredColumn> declared,
        SessionDatabase database,
        String runId,
        Path stagingDirectory) {

    String rawTable() {
        return "_raw_" + source.name();
    }

    String context() {
        return "source " + source.name();
    }

    Path resolve(String path) {
        return input.baseDirectory().resolve(path).normalize();
    }

    boolean isDeclared(String column) {
        return declared.stream().anyMatch(c -> c.name().equalsIgnoreCase(column));
    }
}
