package org.meshwork.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The sample mesh of {@code examples/}, bundled into the CLI so {@code mesh demo} works from anywhere. */
final class SampleMesh {
    static final String RESOURCE_ROOT = "/meshwork-examples";

    private SampleMesh() {}

    /** Copies the sample mesh into {@code target}, which must not exist or be empty. */
    static void extract(Path target) {
        URL marker = SampleMesh.class.getResource(RESOURCE_ROOT + "/.meshwork/mesh.yaml");
        if (marker == null) {
            throw new IllegalStateException("the sample mesh is missing from this installation (" + RESOURCE_ROOT + ")");
        }
        try {
            URI uri = marker.toURI();
            if ("jar".equals(uri.getScheme())) {
                try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                    copy(jar.getPath(RESOURCE_ROOT), target);
                }
            } else {
                copy(Path.of(uri).getParent().getParent(), target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract the sample mesh to " + target + ": " + e.getMessage(), e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void copy(Path source, Path target) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(source)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path file : files) {
            Path destination = target.resolve(source.relativize(file).toString());
            Files.createDirectories(destination.getParent());
            Files.copy(file, destination);
        }
    }
}
