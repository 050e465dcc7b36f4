package org.meshwork.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.meshwork.api.ProductId;
import org.meshwork.api.UserName;
import org.meshwork.api.access.Principal;
import org.meshwork.api.store.RunRecord;
import org.meshwork.api.store.RunStatus;
import org.meshwork.api.table.DataFile;
import org.meshwork.platform.Mesh;
import org.meshwork.platform.pipeline.RunProgress;
import org.meshwork.platform.serving.DataRequestParser;
import org.meshwork.platform.serving.RequestContext;
import org.meshwork.platform.serving.ResultFormat;
import org.meshwork.platform.serving.ResultStream;

/**
 * Encryption at rest benchmark: the same orders product (CSV → SQL → table) twice in one workspace, once plain and
 * once with {@code encryption_at_rest: true}, on the same generated data, run and read alternately in one process.
 * Prints the median run time and the median time of two governed reads (a full-scan aggregate and a 100,000-row
 * CSV page) of each, and the encrypted/plain ratios. Absolute times depend on the machine; read the ratios.
 *
 * <p>Usage: {@code EncryptionBenchmark [--rows N] [--repeat R] [--work DIR]}.
 */
public final class EncryptionBenchmark {
    private static final ProductId PLAIN = ProductId.parse(BenchWorkspace.PRODUCT_ID);
    private static final ProductId ENCRYPTED = ProductId.parse("dp.bench.orders-encrypted");

    private EncryptionBenchmark() {}

    public static void main(String[] args) throws Exception {
        long rows = 2_000_000;
        int repeat = 3;
        Path work = Path.of("bench/out/encryption");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rows" -> rows = Long.parseLong(args[++i]);
                case "--repeat" -> repeat = Integer.parseInt(args[++i]);
                case "--work" -> work = Path.of(args[++i]);
                default -> {
                    System.err.println("unknown option " + args[i] + "; usage: [--rows N] [--repeat R] [--work DIR]");
                    System.exit(2);
                }
            }
        }
        work = Files.createDirectories(work.toAbsolutePath().normalize());
        OrdersDataset data = new OrdersDataset(work.resolve("data"), rows);
        data.generate(2);
        BenchWorkspace workspace = BenchWorkspace.create(work.resolve("mesh"), data, "2GB", 2);
        Path plain = workspace.descriptors().resolve("orders.yaml");
        String encrypted = Files.readString(plain, StandardCharsets.UTF_8)
                .replace("metadata: {name: orders, namespace: bench}", "metadata: {name: orders-encrypted, namespace: bench}")
                + "  security: {encryption_at_rest: true}\n";
        Files.writeString(workspace.descriptors().resolve("orders-encrypted.yaml"), encrypted, StandardCharsets.UTF_8);

        System.out.printf(Locale.ROOT, "Meshwork encryption at rest benchmark: %,d orders, plain vs encrypted "
                + "(Tink AES256_GCM_HKDF_1MB), medians of %d%n", rows, repeat);
        System.out.printf(Locale.ROOT, "  machine         %d cores, Java %s; staging in %s%n",
                Runtime.getRuntime().availableProcessors(), Runtime.version(),
                Files.isWritable(Path.of("/dev/shm")) ? "/dev/shm (memory)" : System.getProperty("java.io.tmpdir"));
        try (Mesh mesh = Mesh.open(workspace.home(), Map.of())) {
            UserName user = UserName.of(BenchWorkspace.USER);
            mesh.apply(List.of(workspace.descriptors()), user);
            Principal principal = mesh.principal(user);
            List<Long> runPlain = new ArrayList<>();
            List<Long> runEncrypted = new ArrayList<>();
            List<Long> scanPlain = new ArrayList<>();
            List<Long> scanEncrypted = new ArrayList<>();
            List<Long> pagePlain = new ArrayList<>();
            List<Long> pageEncrypted = new ArrayList<>();
            run(mesh, PLAIN, user); // warm-up: class loading, DuckDB start
            run(mesh, ENCRYPTED, user);
            for (int i = 0; i < repeat; i++) {
                runPlain.add(run(mesh, PLAIN, user));
                runEncrypted.add(run(mesh, ENCRYPTED, user));
            }
            for (int i = 0; i < repeat; i++) {
                scanPlain.add(scan(mesh, principal, PLAIN));
                scanEncrypted.add(scan(mesh, principal, ENCRYPTED));
                pagePlain.add(page(mesh, principal, PLAIN));
                pageEncrypted.add(page(mesh, principal, ENCRYPTED));
            }
            System.out.printf(Locale.ROOT, "  table bytes     plain %s, encrypted %s%n", bytes(mesh, PLAIN), bytes(mesh, ENCRYPTED));
            line("run (mesh run)", runPlain, runEncrypted);
            line("read: full-scan aggregate", scanPlain, scanEncrypted);
            line("read: 100,000-row CSV page", pagePlain, pageEncrypted);
        }
    }

    private static long run(Mesh mesh, ProductId product, UserName user) {
        long started = System.nanoTime();
        RunRecord run = mesh.run(product, user, RunProgress.NONE);
        long elapsed = System.nanoTime() - started;
        if (run.status() != RunStatus.SUCCEEDED) {
            throw new IllegalStateException(product + " did not run: " + run.error().orElse(run.status().label()));
        }
        return elapsed;
    }

    private static long scan(Mesh mesh, Principal principal, ProductId product) throws IOException {
        long started = System.nanoTime();
        try (ResultStream stream = mesh.data().query(principal, "SELECT count(*), sum(amount), count(DISTINCT"
                + " customer_id) FROM \"" + product + "\"", RequestContext.local())) {
            stream.writeTo(ResultFormat.CSV, OutputStream.nullOutputStream());
        }
        return System.nanoTime() - started;
    }

    private static long page(Mesh mesh, Principal principal, ProductId product) throws IOException {
        long started = System.nanoTime();
        try (ResultStream stream = mesh.data().read(principal, product,
                DataRequestParser.parse(Map.of("limit", List.of("100000"))), RequestContext.local())) {
            stream.writeTo(ResultFormat.CSV, OutputStream.nullOutputStream());
        }
        return System.nanoTime() - started;
    }

    private static String bytes(Mesh mesh, ProductId product) {
        long total = mesh.tables().open(mesh.products().get(product).definition()).current().orElseThrow().files()
                .stream().mapToLong(DataFile::sizeBytes).sum();
        return String.format(Locale.ROOT, "%.1f MiB", total / 1024.0 / 1024.0);
    }

    private static void line(String what, List<Long> plain, List<Long> encrypted) {
        long p = median(plain);
        long e = median(encrypted);
        System.out.printf(Locale.ROOT, "  %-28s plain %8s   encrypted %8s   ratio encrypted/plain %.2f×%n", what,
                seconds(p), seconds(e), (double) e / p);
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.3f s", Duration.ofNanos(nanos).toNanos() / 1e9);
    }
}
