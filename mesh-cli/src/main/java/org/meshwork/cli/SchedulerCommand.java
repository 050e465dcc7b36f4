package org.meshwork.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.meshwork.platform.Mesh;
import org.meshwork.platform.alert.SlaAlerts;
import org.meshwork.platform.schedule.Scheduler;
import org.meshwork.platform.sla.SlaMonitor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code mesh scheduler}: runs products on their {@code orchestration.schedule}, in the foreground. */
@Command(name = "scheduler", mixinStandardHelpOptions = true,
        description = "Run products when their orchestration.schedule (cron, UTC) says, retrying failed runs with "
                + "backoff and running downstream products after their upstream succeeds. Runs in the foreground until "
                + "interrupted, together with the SLA monitor, which raises sla_breached / sla_recovered alerts; --once runs "
                + "what is due now and exits. (`mesh serve` hosts both beside the API.)")
final class SchedulerCommand implements Callable<Integer> {
    @ParentCommand
    MeshCommand mesh;

    @Option(names = "--once", description = "Run every product that is due now (and what those runs trigger), then exit.")
    boolean once;

    @Option(names = "--threads", defaultValue = "2", description = "Products run in parallel (default: ${DEFAULT-VALUE}).")
    int threads;

    @Override
    public Integer call() throws InterruptedException {
        Output output = mesh.output();
        try (Mesh opened = mesh.openMesh(); Scheduler scheduler = opened.scheduler(threads);
                SlaMonitor slas = SlaMonitor.of(opened)) {
            if (once) {
                scheduler.runDue(opened.clock().instant());
                scheduler.awaitIdle(Duration.ofHours(24));
                output.line("Ran every product that was due.");
                return 0;
            }
            CountDownLatch stopped = new CountDownLatch(1);
            Thread main = Thread.currentThread();
            // on Ctrl-C: let the main thread leave the try block, which closes the scheduler (in-flight runs finish)
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                stopped.countDown();
                try {
                    main.join(Duration.ofMinutes(5).toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "meshwork-scheduler-shutdown"));
            scheduler.start();
            slas.onTransition(new SlaAlerts(opened.alerts(), opened.products()));
            slas.start();
            output.line("Scheduler and SLA monitor running on " + opened.workspace().home() + " (Ctrl-C to stop).");
            output.writer().flush();
            stopped.await();
            return 0;
        }
    }
}
