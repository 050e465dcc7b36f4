package org.meshwork.descriptor;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.meshwork.api.descriptor.Problem;
import org.meshwork.api.descriptor.SourcePosition;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Loads descriptor files safely: refuses oversized, binary and non-UTF-8 input before parsing, bounds aliases and
 * nesting in a streaming pre-pass (so alias bombs and deep nesting fail in milliseconds), and converts each YAML
 * document (YAML 1.2 core schema) into a JSON tree while recording the position of every value and key. Duplicate keys
 * are errors naming both positions. Never throws for bad input: every finding is a {@link Problem}.
 */
final class YamlLoader {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final DescriptorLimits limits;

    YamlLoader(DescriptorLimits limits) {
        this.limits = requireNonNull(limits, "limits is null");
    }

    /** The documents of a file and the problems found loading it. */
    record Result(List<YamlDocument> documents, List<Problem> problems) {
        Result {
            documents = List.copyOf(documents);
            problems = List.copyOf(problems);
        }
    }

    Result load(String file, byte[] bytes) {
        SourcePosition start = SourcePosition.startOf(file);
        if (bytes.length > limits.maxFileBytes()) {
            return failure(Problem.error(start, "", "file is " + bytes.length + " bytes, larger than the limit of "
                    + limits.maxFileBytes() + " bytes for a descriptor file"));
        }
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                return failure(Problem.error(positionOfByte(file, bytes, i), "",
                        "file contains a NUL byte: it looks like binary data, not a YAML descriptor"));
            }
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int offset = in.position();
            return failure(Problem.error(positionOfByte(file, bytes, offset), "",
                    String.format(Locale.ROOT, "file is not valid UTF-8 (byte 0x%02X at offset %d)", bytes[offset] & 0xff, offset),
                    "save the file as UTF-8"));
        }
        decoder.flush(out);
        out.flip();
        return load(file, out.toString());
    }

    Result load(String file, String content) {
        SourcePosition start = SourcePosition.startOf(file);
        String text = content.startsWith("\uFEFF") ? content.substring(1) : content;
        if (text.length() > limits.maxFileBytes() && text.codePointCount(0, text.length()) > limits.maxFileBytes()) {
            return failure(Problem.error(start, "", "file has more than " + limits.maxFileBytes()
                    + " characters, the limit for a descriptor file"));
        }
        if (text.indexOf('\0') >= 0) {
            return failure(Problem.error(positionOfChar(file, text, text.indexOf('\0')), "",
                    "file contains a NUL character: it looks like binary data, not a YAML descriptor"));
        }
        LoadSettings settings = LoadSettings.builder()
                .setLabel(file)
                .setSchema(new CoreSchema())
                .setAllowDuplicateKeys(false)
                .setAllowRecursiveKeys(false)
                .setMaxAliasesForCollections(limits.maxAliases())
                .setCodePointLimit(limits.maxFileBytes() + 1)
                .setUseMarks(true)
                .build();
        StreamCheck check = checkStream(file, text, settings);
        List<Problem> problems = new ArrayList<>();
        check.problem().ifPresent(problems::add);
        if (check.refused()) {
            return new Result(List.of(), problems);
        }
        Optional<Problem> streamProblem = check.problem();
        List<YamlDocument> documents = new ArrayList<>();
        int composed = 0;
        try {
            Iterator<Node> nodes = new Compose(settings).composeAllFromString(text).iterator();
            while (nodes.hasNext()) {
                Node root = nodes.next();
                composed++;
                convertDocument(file, root, documents, problems);
            }
        } catch (YamlEngineException e) {
            if (streamProblem.isEmpty()) {
                problems.add(syntaxProblem(file, e));
            }
        }
        if (composed == 0 && problems.isEmpty()) {
            problems.add(Problem.error(start, "", "file has no YAML document: expected a descriptor with apiVersion, kind, metadata and spec"));
        }
        return new Result(documents, problems);
    }

    private static Result failure(Problem problem) {
        return new Result(List.of(), List.of(problem));
    }

    /** What the streaming pre-pass found; {@code refused} means the file must not be composed at all. */
    private record StreamCheck(Optional<Problem> problem, boolean refused) {
        static StreamCheck clean() {
            return new StreamCheck(Optional.empty(), false);
        }

        static StreamCheck syntaxError(Problem problem) {
            return new StreamCheck(Optional.of(problem), false);
        }

        static StreamCheck refuse(Problem problem) {
            return new StreamCheck(Optional.of(problem), true);
        }
    }

    /** Streams the events once: syntax errors, nesting depth and alias count, without building anything. */
    private StreamCheck checkStream(String file, String text, LoadSettings settings) {
        int depth = 0;
        int aliases = 0;
        try {
            for (Event event : new Parse(settings).parseString(text)) {
                switch (event.getEventId()) {
                    case MappingStart, SequenceStart -> {
                        depth++;
                        if (depth > limits.maxDepth()) {
                            return StreamCheck.refuse(Problem.error(position(file, event.getStartMark()), "",
                                    "document nests deeper than " + limits.maxDepth() + " levels"));
                        }
                    }
                    case MappingEnd, SequenceEnd -> depth--;
                    case Alias -> {
                        aliases++;
                        if (aliases > limits.maxAliases()) {
                            return StreamCheck.refuse(Problem.error(position(file, event.getStartMark()), "",
                                    "file uses more than " + limits.maxAliases()
                                            + " aliases: refused, as it may expand without bound (an alias bomb)"));
                        }
                    }
                    default -> { }
                }
            }
        } catch (YamlEngineException e) {
            return StreamCheck.syntaxError(syntaxProblem(file, e));
        }
        return StreamCheck.clean();
    }

    private void convertDocument(String file, Node root, List<YamlDocument> documents, List<Problem> problems) {
        SourcePosition origin = position(file, root.getStartMark());
        if (root instanceof ScalarNode scalar && scalar.getTag().equals(Tag.NULL)) {
            return;
        }
        Converter converter = new Converter(file);
        int before = problems.size();
        JsonNode tree;
        try {
            tree = converter.convert(root, "", 0);
        } catch (DocumentTooLargeException e) {
            problems.add(Problem.error(origin, "", e.getMessage()));
            return;
        }
        problems.addAll(converter.problems);
        if (!tree.isObject()) {
            problems.add(Problem.error(origin, "", "a descriptor document must be a mapping with apiVersion, kind, metadata and spec, not "
                    + Converter.describe(tree)));
            return;
        }
        if (problems.size() == before) {
            documents.add(new YamlDocument(file, origin, tree, converter.valuePositions, converter.keyPositions));
        }
    }

    private static Problem syntaxProblem(String file, YamlEngineException e) {
        if (e instanceof MarkedYamlEngineException marked) {
            Optional<Mark> mark = marked.getProblemMark().or(marked::getContextMark);
            String problem = Optional.ofNullable(marked.getProblem()).orElse("invalid YAML");
            String context = Optional.ofNullable(marked.getContext()).map(c -> " (" + c + ")").orElse("");
            String hint = problem.contains("\\t") || problem.contains("TAB") || problem.contains("\t")
                    ? "indent with spaces: YAML does not allow tabs for indentation" : null;
            return Problem.error(position(file, mark), "", "YAML syntax error: " + problem + context, hint);
        }
        return Problem.error(SourcePosition.startOf(file), "", "YAML syntax error: " + e.getMessage());
    }

    private static SourcePosition position(String file, Optional<Mark> mark) {
        return mark.map(m -> new SourcePosition(file, m.getLine() + 1, m.getColumn() + 1)).orElse(SourcePosition.startOf(file));
    }

    private static SourcePosition positionOfByte(String file, byte[] bytes, int offset) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            if (bytes[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        int column = 1;
        for (int i = lineStart; i < offset; i++) {
            if ((bytes[i] & 0xC0) != 0x80) {
                column++;
            }
        }
        return new SourcePosition(file, line, column);
    }

    private static SourcePosition positionOfChar(String file, String text, int offset) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new SourcePosition(file, line, text.codePointCount(lineStart, offset) + 1);
    }

    /** Thrown inside a conversion when aliases make a document expand past the node limit. */
    private static final class DocumentTooLargeException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DocumentTooLargeException(String message) {
            super(message, null, false, false);
        }
    }

    /** Converts one composed document, recording positions; collects problems instead of stopping at the first. */
    private final class Converter {
        private final String file;
        private final Map<String, SourcePosition> valuePositions = new HashMap<>();
        private final Map<String, SourcePosition> keyPositions = new HashMap<>();
        private final List<Problem> problems = new ArrayList<>();
        private int nodes;

        Converter(String file) {
            this.file = file;
        }

        JsonNode convert(Node node, String path, int depth) {
            if (++nodes > limits.maxNodes()) {
                throw new DocumentTooLargeException("document expands to more than " + limits.maxNodes()
                        + " nodes through aliases: refused as an alias bomb");
            }
            SourcePosition position = position(file, node.getStartMark());
            valuePositions.putIfAbsent(path, position);
            if (node.isRecursive() || depth > limits.maxDepth()) {
                problems.add(Problem.error(position, path, "recursive alias: a value may not contain itself"));
                return NODES.nullNode();
            }
            if (node instanceof MappingNode mapping) {
                return convertMapping(mapping, path, depth);
            }
            if (node instanceof SequenceNode sequence) {
                ArrayNode array = NODES.arrayNode();
                List<Node> items = sequence.getValue();
                for (int i = 0; i < items.size(); i++) {
                    array.add(convert(items.get(i), FieldPaths.index(path, i), depth + 1));
                }
                return array;
            }
            return convertScalar((ScalarNode) node, path, position);
        }

        private JsonNode convertMapping(MappingNode mapping, String path, int depth) {
            ObjectNode object = NODES.objectNode();
            Map<String, SourcePosition> seen = new HashMap<>();
            for (NodeTuple tuple : mapping.getValue()) {
                Node keyNode = tuple.getKeyNode();
                SourcePosition keyPosition = position(file, keyNode.getStartMark());
                if (!(keyNode instanceof ScalarNode scalarKey)) {
                    problems.add(Problem.error(keyPosition, path, "a mapping key must be a plain value, not a "
                            + (keyNode instanceof MappingNode ? "mapping" : "list")));
                    continue;
                }
                String key = scalarKey.getValue();
                String childPath = FieldPaths.child(path, key);
                SourcePosition first = seen.putIfAbsent(key, keyPosition);
                if (first != null) {
                    problems.add(Problem.error(keyPosition, childPath, "duplicate key '" + key + "': first defined at " + first,
                            "remove one of the two"));
                    continue;
                }
                keyPositions.put(childPath, keyPosition);
                object.set(key, convert(tuple.getValueNode(), childPath, depth + 1));
            }
            return object;
        }

        private JsonNode convertScalar(ScalarNode scalar, String path, SourcePosition position) {
            Tag tag = scalar.getTag();
            String value = scalar.getValue();
            if (tag.equals(Tag.STR)) {
                return NODES.textNode(value);
            }
            if (tag.equals(Tag.NULL)) {
                return NODES.nullNode();
            }
            if (tag.equals(Tag.BOOL)) {
                return NODES.booleanNode(value.equalsIgnoreCase("true"));
            }
            if (tag.equals(Tag.INT)) {
                BigInteger number = parseInteger(value);
                return number.bitLength() < 64 ? NODES.numberNode(number.longValue()) : NODES.numberNode(number);
            }
            if (tag.equals(Tag.FLOAT)) {
                String lowered = value.toLowerCase(Locale.ROOT);
                if (lowered.contains(".nan") || lowered.contains(".inf")) {
                    problems.add(Problem.error(position, path, "'" + value + "' is not a finite number"));
                    return NODES.nullNode();
                }
                return NODES.numberNode(Double.parseDouble(value));
            }
            problems.add(Problem.error(position, path, "YAML tag " + tag.getValue() + " is not supported in descriptors",
                    "remove the tag; quote the value if it should be text"));
            return NODES.nullNode();
        }

        private BigInteger parseInteger(String value) {
            String text = value.startsWith("+") ? value.substring(1) : value;
            if (text.startsWith("0x")) {
                return new BigInteger(text.substring(2), 16);
            }
            if (text.startsWith("0o")) {
                return new BigInteger(text.substring(2), 8);
            }
            return new BigInteger(text);
        }

        static String describe(JsonNode node) {
            if (node.isArray()) {
                return "a list";
            }
            if (node.isNull()) {
                return "an empty value";
            }
            return "a single value";
        }
    }
}
