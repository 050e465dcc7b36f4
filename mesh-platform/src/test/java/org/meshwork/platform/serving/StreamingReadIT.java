package org.meshwork.platform.serving;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.meshwork.api.ProductId;
import org.meshwork.platform.Mesh;
import org.meshwork.testing.product.GeneratedRowsProduct;

/**
 * A result several times larger than the JVM heap streams through: a separate JVM with a 48 MB heap reads a
 * 3-million-row product (165 MB as JSON, 93 MB as CSV) through {@code mesh.data()}; it would die of OutOfMemoryError if any
 * layer buffered the result.
 */
class StreamingReadIT {
    private static final ProductId BIG = ProductId.parse(GeneratedRowsProduct.ID);
    private static final long ROWS = 3_000_000;

    @TempDir
    Path directory;

    @Test
    @Timeout(300)
    void aResultLargerThanTheHeapStreams() throws Exception {
        Path home = directory.resolve("ws");
        ServingFixture.writeWorkspace(home, "serving: {row_limit: 10000000}\n");
        Path big = GeneratedRowsProduct.write(directory.resolve("lab"), ROWS);
        try (Mesh mesh = Mesh.open(home, Map.of())) {
            mesh.apply(List.of(big), ServingFixture.ADMIN);
            ServingFixture.run(mesh, BIG);
        }

        for (String format : List.of("json", "csv")) {
            String output = runWithSmallHeap(home, format);
            System.out.println(format + ": " + output.strip());
            Matcher matcher = Pattern.compile("rows=(\\d+) bytes=(\\d+) maxHeap=(\\d+) maxUsed=(\\d+)").matcher(output);
            assertThat(matcher.find()).as(output).isTrue();
            long rows = Long.parseLong(matcher.group(1));
            long bytes = Long.parseLong(matcher.group(2));
            long maxHeap = Long.parseLong(matcher.group(3));
            assertThat(rows).isEqualTo(ROWS);
            assertThat(bytes).as("the result is larger than the heap").isGreaterThan(maxHeap);
        }
    }

    private static String runWithSmallHeap(Path home, String format) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-Xmx48m", "-cp", System.getProperty("java.class.path"),
                StreamingReadMain.class.getName(), home.toString(), BIG.toString(), format)
                .redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(240, TimeUnit.SECONDS)).isTrue();
        String text = new String(output, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(text).isZero();
        return text;
    }
}
