package org.meshwork.engine.duckdb;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PushbackReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.meshwork.api.ErrorCode;
import org.meshwork.api.InvalidArgumentException;
import org.meshwork.api.MeshException;

/**
 * JSON files (a path or a glob): newline-delimited (one object per line) or a single array of objects; option
 * {@code format} is {@code auto} (default: an array when the file starts with {@code [}), {@code array} or
 * {@code newline_delimited}.
 *
 * <p>Records are parsed in Java first so that a malformed line does not fail the whole source: in newline-delimited
 * files each line that is not valid JSON, or not an object, is quarantined with its line number. An array cannot be
 * resynchronised after a syntax error, so a broken array fails the source with the file, line and column; elements
 * that are valid JSON but not objects are quarantined.
 */
final class JsonSourceReader implements SourceReader {

    private static final Set<String> OPTIONS = Set.of("format");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public StagedSource read(SourceContext context) {
        var source = context.source();
        String path = source.path().orElseThrow(() -> new InvalidArgumentException(
                "source " + source.name() + ": a json source needs a path"));
        String format = new SourceOptions(source.name(), source.options(), OPTIONS).text("format").orElse("auto");
        InvalidArgumentException.check(Set.of("auto", "array", "newline_delimited").contains(format),
                "source %s: option format must be auto, array or newline_delimited, got '%s'", source.name(), format);
        List<Path> files = resolve(context, path);
        try (NdjsonStaging staging = new NdjsonStaging(context)) {
            long rejected;
            try (QuarantineWriter quarantine = new QuarantineWriter(context.database(), source.name(), context.runId())) {
                for (Path file : files) {
                    context.database().checkNotCancelled();
                    boolean array = switch (format) {
                        case "array" -> true;
                        case "newline_delimited" -> false;
                        default -> startsWithBracket(file);
                    };
                    if (array) {
                        readArray(context, file, staging, quarantine);
                    } else {
                        readLines(file, staging, quarantine);
                    }
                }
                rejected = quarantine.count();
            }
            return staging.finish(rejected, true);
        } catch (IOException e) {
            throw new MeshException(ErrorCode.RUN_FAILED, context.context() + ": cannot read " + e.getMessage(), e);
        }
    }

    /** The files a path names; a path with glob characters ({@code * ? [ {}) matches files below its fixed prefix. */
    static List<Path> resolve(SourceContext context, String path) {
        Path full = context.resolve(path);
        String text = full.toString();
        int glob = indexOfGlob(text);
        try {
            if (glob < 0) {
                if (!Files.isRegularFile(full)) {
                    throw new MeshException(ErrorCode.RUN_FAILED, context.context() + ": no file " + full);
                }
                return List.of(full);
            }
            Path root = Path.of(text.substring(0, text.lastIndexOf('/', glob) + 1));
            PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + text);
            List<Path> files;
            try (Stream<Path> walk = Files.walk(root)) {
                files = walk.filter(Files::isRegularFile).filter(matcher::matches).sorted().toList();
            }
            if (files.isEmpty()) {
                throw new MeshException(ErrorCode.RUN_FAILED, context.context() + ": no files match " + full);
            }
            return files;
        } catch (IOException e) {
            throw new MeshException(ErrorCode.RUN_FAILED, context.context() + ": cannot list " + full + ": " + e, e);
        }
    }

    private static int indexOfGlob(String text) {
        for (int i = 0; i < text.length(); i++) {
            if ("*?[{".indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    private static boolean startsWithBracket(Path file) throws IOException {
        try (Reader reader = new PushbackReader(Files.newBufferedReader(file, StandardCharsets.UTF_8))) {
            int c;
            do {
                c = reader.read();
            } while (c == '\uFEFF' || (c >= 0 && Character.isWhitespace(c)));
            return c == '[';
        }
    }

    private static void readLines(Path file, NdjsonStaging staging, QuarantineWriter quarantine) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            long number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node;
                try {
                    node = JSON.readTree(line);
                } catch (JsonProcessingException e) {
                    quarantine.reject("malformed JSON in " + file + ": " + e.getOriginalMessage(), line, number);
                    continue;
                }
                if (node instanceof ObjectNode object) {
                    staging.add(object, number);
                } else {
                    quarantine.reject("record in " + file + " is not a JSON object", line, number);
                }
            }
        }
    }

    private static void readArray(SourceContext context, Path file, NdjsonStaging staging, QuarantineWriter quarantine)
            throws IOException {
        try (JsonParser parser = JSON.getFactory().createParser(file.toFile())) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new MeshException(ErrorCode.RUN_FAILED, context.context() + ": " + file
                        + " does not hold a JSON array; set option format: newline_delimited for one object per line");
            }
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                long line = parser.currentTokenLocation().getLineNr();
                JsonNode node = parser.readValueAsTree();
                if (node instanceof ObjectNode object) {
                    staging.add(object, line);
                } else {
                    quarantine.reject("element of the array in " + file + " is not a JSON object",
                            String.valueOf(node), line);
                }
            }
        } catch (JsonProcessingException e) {
            throw new MeshException(ErrorCode.RUN_FAILED, context.context() + ": " + file + " is not valid JSON at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ": "
                    + e.getOriginalMessage(), e);
        }
    }
}
