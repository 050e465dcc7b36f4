package org.meshwork.descriptor;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.meshwork.api.MeshException;
import org.meshwork.api.descriptor.Descriptor;
import org.meshwork.api.descriptor.InvalidDescriptorException;
import org.meshwork.api.descriptor.Kind;
import org.meshwork.api.descriptor.Problem;
import org.meshwork.api.descriptor.SourcePosition;

/**
 * Reads descriptor files ({@code apiVersion: platform/v1}) into {@link Descriptor} records.
 *
 * <p>Parsing never throws for a user's mistake: it returns every problem of every file — YAML safety and syntax, JSON
 * Schema ({@code spec/descriptor.schema.json}), semantic rules and rules across all files parsed together — each with
 * its {@code file:line:column} and field path, and the descriptors of the documents that have no errors. Each
 * descriptor's {@link Descriptor#document()} is the canonical JSON of its document, with the SQL text of a
 * {@code transform.file} included, so its hash changes exactly when its meaning does.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class DescriptorParser {
    private static final Comparator<Problem> PROBLEM_ORDER = Comparator
            .comparing((Problem problem) -> problem.position().file())
            .thenComparingInt(problem -> problem.position().line())
            .thenComparingInt(problem -> problem.position().column());

    private final DescriptorLimits limits;
    private final YamlLoader loader;
    private final SemanticValidator semanticValidator = new SemanticValidator();
    private final CrossDocumentValidator crossDocumentValidator = new CrossDocumentValidator();
    private final DescriptorBinder binder = new DescriptorBinder();

    public DescriptorParser() {
        this(DescriptorLimits.defaults());
    }

    public DescriptorParser(DescriptorLimits limits) {
        this.limits = requireNonNull(limits, "limits is null");
        this.loader = new YamlLoader(limits);
    }

    /**
     * Parses files together (ids must be unique across them). A directory stands for every {@code *.yaml} and
     * {@code *.yml} file below it, recursively, in sorted order. A {@code transform.file} resolves against the
     * directory of the descriptor that names it.
     */
    public ParsedDescriptors parse(List<Path> filesOrDirectories) {
        List<Problem> problems = new ArrayList<>();
        List<LoadedFile> files = new ArrayList<>();
        for (Path file : expand(filesOrDirectories, problems)) {
            String name = file.toString();
            Path baseDirectory = file.toAbsolutePath().getParent();
            try {
                long size = Files.size(file);
                if (size > limits.maxFileBytes()) {
                    problems.add(Problem.error(SourcePosition.startOf(name), "", "file is " + size
                            + " bytes, larger than the limit of " + limits.maxFileBytes() + " bytes for a descriptor file"));
                    continue;
                }
                files.add(new LoadedFile(loader.load(name, Files.readAllBytes(file)), baseDirectory));
            } catch (IOException e) {
                problems.add(Problem.error(SourcePosition.startOf(name), "", "cannot read file: " + e.getMessage()));
            }
        }
        return analyse(files, problems, DocumentForm.SOURCE);
    }

    /**
     * Parses one file's content; {@code fileName} names it in problems. A {@code transform.file} resolves against
     * {@code baseDirectory}, or against the working directory when it is {@code null}.
     */
    public ParsedDescriptors parse(String fileName, String content, Path baseDirectory) {
        requireNonNull(fileName, "fileName is null");
        requireNonNull(content, "content is null");
        List<LoadedFile> files = List.of(new LoadedFile(loader.load(fileName, content), baseDirectory));
        return analyse(files, new ArrayList<>(), DocumentForm.SOURCE);
    }

    /**
     * Re-binds a document this parser produced earlier ({@link Descriptor#document()}); {@code origin} names it in
     * problems, e.g. {@code store:dp.sales.orders@3}.
     *
     * @throws InvalidDescriptorException when the text is not one valid descriptor document
     */
    public Descriptor fromDocument(String canonicalJson, String origin) {
        requireNonNull(canonicalJson, "canonicalJson is null");
        requireNonNull(origin, "origin is null");
        List<LoadedFile> files = List.of(new LoadedFile(loader.load(origin, canonicalJson), null));
        ParsedDescriptors parsed = analyse(files, new ArrayList<>(), DocumentForm.STORED);
        parsed.throwIfInvalid();
        if (parsed.descriptors().size() != 1) {
            throw new InvalidDescriptorException(List.of(Problem.error(SourcePosition.startOf(origin), "",
                    "expected exactly one descriptor document, found " + parsed.descriptors().size())));
        }
        return parsed.descriptors().get(0);
    }

    private record LoadedFile(YamlLoader.Result result, Path baseDirectory) {}

    private ParsedDescriptors analyse(List<LoadedFile> files, List<Problem> problems, DocumentForm form) {
        Map<YamlDocument, List<Problem>> byDocument = new IdentityHashMap<>();
        List<YamlDocument> documents = new ArrayList<>();
        for (LoadedFile file : files) {
            problems.addAll(file.result().problems());
            for (YamlDocument document : file.result().documents()) {
                documents.add(document);
                List<Problem> found = validate(document, form);
                if (form == DocumentForm.SOURCE && found.stream().noneMatch(p -> p.isError() && FieldPaths.isWithin(p.path(), "spec.transform"))) {
                    resolveTransformFile(document, file.baseDirectory(), found);
                }
                byDocument.put(document, found);
            }
        }
        crossDocumentValidator.validate(documents, (document, problem) -> byDocument.get(document).add(problem));
        List<Descriptor> descriptors = new ArrayList<>();
        Map<Descriptor, YamlDocument> sources = new IdentityHashMap<>();
        for (YamlDocument document : documents) {
            List<Problem> found = byDocument.get(document);
            if (found.stream().noneMatch(Problem::isError)) {
                try {
                    Descriptor descriptor = binder.bind(document, CanonicalJson.write(document.tree()));
                    descriptors.add(descriptor);
                    sources.put(descriptor, document);
                } catch (MeshException | IllegalStateException e) {
                    found.add(Problem.error(document.origin(), "", "document cannot be bound: " + e.getMessage()));
                }
            }
            problems.addAll(found);
        }
        List<Problem> sorted = new ArrayList<>(problems);
        sorted.sort(PROBLEM_ORDER);
        return new ParsedDescriptors(descriptors, sorted, (descriptor, path) -> {
            YamlDocument source = sources.get(descriptor);
            return source == null ? descriptor.origin() : source.position(path);
        });
    }

    private List<Problem> validate(YamlDocument document, DocumentForm form) {
        List<Problem> schemaProblems = SchemaHolder.VALIDATOR.validate(document);
        List<Problem> found = new ArrayList<>(schemaProblems);
        for (Problem problem : semanticValidator.validate(document, form)) {
            boolean reported = schemaProblems.stream().anyMatch(p -> p.isError() && p.path().equals(problem.path()));
            if (!reported) {
                found.add(problem);
            }
        }
        return found;
    }

    private void resolveTransformFile(YamlDocument document, Path baseDirectory, List<Problem> problems) {
        JsonNode tree = document.tree();
        JsonNode transform = tree.path("spec").path("transform");
        if (ResourceIdentity.kind(tree).orElse(null) != Kind.DATA_PRODUCT || !transform.path("file").isTextual()
                || transform.has("sql")) {
            return;
        }
        String path = "spec.transform.file";
        String name = transform.path("file").asText();
        Path file = baseDirectory == null ? Path.of(name) : baseDirectory.resolve(name);
        try {
            if (!Files.isRegularFile(file)) {
                problems.add(Problem.error(document.position(path), path, "transform file '" + name + "' does not exist (looked for "
                        + file.toAbsolutePath().normalize() + ")", "the path is relative to the descriptor's directory"));
                return;
            }
            if (Files.size(file) > limits.maxFileBytes()) {
                problems.add(Problem.error(document.position(path), path, "transform file '" + name + "' is larger than "
                        + limits.maxFileBytes() + " bytes"));
                return;
            }
            String sql = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString();
            if (sql.isBlank()) {
                problems.add(Problem.error(document.position(path), path, "transform file '" + name + "' is empty"));
                return;
            }
            ((ObjectNode) transform).put("sql", sql);
        } catch (CharacterCodingException e) {
            problems.add(Problem.error(document.position(path), path, "transform file '" + name + "' is not valid UTF-8"));
        } catch (IOException e) {
            problems.add(Problem.error(document.position(path), path, "cannot read transform file '" + name + "': " + e.getMessage()));
        }
    }

    private static List<Path> expand(List<Path> filesOrDirectories, List<Problem> problems) {
        List<Path> files = new ArrayList<>();
        for (Path path : filesOrDirectories) {
            if (Files.isDirectory(path)) {
                try (Stream<Path> walk = Files.walk(path)) {
                    walk.filter(Files::isRegularFile)
                            .filter(DescriptorParser::isYaml)
                            .filter(file -> !isHidden(path, file))
                            .sorted()
                            .forEach(files::add);
                } catch (IOException | UncheckedIOException e) {
                    problems.add(Problem.error(SourcePosition.startOf(path.toString()), "", "cannot list directory: " + e.getMessage()));
                }
            } else if (Files.exists(path)) {
                files.add(path);
            } else {
                problems.add(Problem.error(SourcePosition.startOf(path.toString()), "", "no such file or directory"));
            }
        }
        return files;
    }

    /**
     * Whether a file below {@code root} is hidden: its name, or a directory's between it and {@code root}, starts with a
     * dot ({@code .git/}, {@code .meshwork/mesh.yaml}). Hidden entries are tooling, never descriptors.
     */
    private static boolean isHidden(Path root, Path file) {
        for (Path part : root.relativize(file)) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static boolean isYaml(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }

    /** The schema is loaded once, on first use: it is immutable and thread-safe. */
    private static final class SchemaHolder {
        static final SchemaValidator VALIDATOR = new SchemaValidator();
    }
}
