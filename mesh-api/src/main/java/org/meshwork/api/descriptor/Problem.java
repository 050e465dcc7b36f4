package org.meshwork.api.descriptor;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * One finding about a descriptor: where it is ({@code file:line:column}), which field ({@code spec.quality.checks[1].threshold}),
 * what is wrong, and optionally how to fix it ("did you mean 'threshold'?").
 */
public record Problem(Severity severity, SourcePosition position, String path, String message, Optional<String> hint) {
    public enum Severity { ERROR, WARNING }

    public Problem {
        requireNonNull(severity, "severity is null");
        requireNonNull(position, "position is null");
        requireNonNull(path, "path is null");
        requireNonNull(message, "message is null");
        requireNonNull(hint, "hint is null");
    }

    public static Problem error(SourcePosition position, String path, String message) {
        return new Problem(Severity.ERROR, position, path, message, Optional.empty());
    }

    public static Problem error(SourcePosition position, String path, String message, String hint) {
        return new Problem(Severity.ERROR, position, path, message, Optional.ofNullable(hint));
    }

    public static Problem warning(SourcePosition position, String path, String message) {
        return new Problem(Severity.WARNING, position, path, message, Optional.empty());
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code file:line:column: error: spec.x: message (hint)} — the form compilers use, so editors can jump to it. */
    public String format() {
        String where = path.isEmpty() ? "" : path + ": ";
        return position + ": " + severity.name().toLowerCase(java.util.Locale.ROOT) + ": " + where + message
                + hint.map(h -> " (" + h + ")").orElse("");
    }
}
