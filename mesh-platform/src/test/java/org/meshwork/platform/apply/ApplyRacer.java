package org.meshwork.platform.apply;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.meshwork.api.CommitConflictException;
import org.meshwork.api.UserName;
import org.meshwork.platform.Mesh;

/**
 * One contender of {@link ConcurrentApplyIT}, run in its own JVM: plans an apply, says so, waits for the start signal,
 * commits. Exit 0 when its commit won, 3 on a commit conflict, 1 on anything else.
 */
public final class ApplyRacer {
    static final int EXIT_CONFLICT = 3;

    private ApplyRacer() {}

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]);
        Path descriptor = Path.of(args[1]);
        Path signals = Path.of(args[2]);
        String name = args[3];
        try (Mesh mesh = Mesh.open(home)) {
            UserName actor = mesh.workspace().config().defaultUser();
            ApplyPlan plan = mesh.plan(List.of(descriptor), actor);
            Files.createFile(signals.resolve(name + ".planned"));
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!Files.exists(signals.resolve("go"))) {
                if (System.nanoTime() > deadline) {
                    System.exit(1);
                }
                Thread.onSpinWait();
            }
            try {
                mesh.commit(plan, actor);
                System.out.println("won");
                System.exit(0);
            } catch (CommitConflictException e) {
                System.out.println("conflict: " + e.getMessage());
                System.exit(EXIT_CONFLICT);
            }
        }
    }
}
