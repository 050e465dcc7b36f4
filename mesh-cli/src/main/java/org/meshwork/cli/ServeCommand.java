package org.meshwork.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.meshwork.platform.GovernanceJobs;
import org.meshwork.platform.Mesh;
import org.meshwork.platform.alert.SlaAlerts;
import org.meshwork.platform.schedule.Scheduler;
import org.meshwork.platform.sla.SlaMonitor;
import org.meshwork.platform.workspace.ServerSettings;
import org.meshwork.server.MeshServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mesh serve}: the web UI, the REST API, the scheduler, the SLA monitor and the governance jobs (continuous
 * policy evaluation, retention) in one process. On SIGTERM or Ctrl-C the server
 * stops accepting, lets in-flight requests finish, then the scheduler lets running runs finish (a run is never left
 * half-committed), then the workspace closes.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the web UI (/), the REST API (/api/v1, described at /api/v1/openapi.yaml), /health, /ready and "
                + "/metrics, and "
                + "run the scheduler, the SLA monitor, the continuous policy evaluation and the retention job, in the "
                + "foreground. Listens where mesh.yaml's server: section "
                + "says (default 127.0.0.1:8080), overridden by MESH_SERVER_HOST / MESH_SERVER_PORT and then by the options.")
final class ServeCommand implements Callable<Integer> {
    @ParentCommand
    MeshCommand mesh;

    @Option(names = "--port", paramLabel = "PORT", description = "Port to listen on (0: any free port).")
    Integer port;

    @Option(names = "--host", paramLabel = "ADDRESS", description = "Address to listen on (e.g. 0.0.0.0 for every interface).")
    String host;

    @Override
    public Integer call() throws InterruptedException {
        Output output = mesh.output();
        Mesh opened = mesh.openMesh();
        ServerSettings settings;
        try {
            settings = opened.workspace().config().server().withEnvironment(mesh.environment());
            if (host != null) {
                settings = settings.withHost(host);
            }
            if (port != null) {
                settings = settings.withPort(port);
            }
        } catch (RuntimeException e) {
            opened.close();
            throw e;
        }
        return serve(mesh, opened, settings, output, boundPort -> { });
    }

    /**
     * Serves {@code opened} in the foreground until SIGTERM or Ctrl-C: starts the server, the scheduler, the SLA
     * monitor and the governance jobs (policy evaluation, retention), prints where it listens, tells {@code started}
     * the port it bound, and waits; then stops everything and closes {@code opened}. Shared with {@code mesh demo}, which prints sign-in links once the port is known.
     *
     * <p>The shutdown hook waits until everything is closed (not for the main thread to end: the main thread goes on
     * to {@code System.exit}, which would wait for the hook in turn).
     */
    static int serve(MeshCommand mesh, Mesh opened, ServerSettings settings, Output output, IntConsumer started)
            throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(1);
        Duration grace = settings.shutdownTimeout().multipliedBy(2).plusSeconds(10);
        Thread hook = new Thread(() -> {
            stopped.countDown();
            try {
                finished.await(grace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "meshwork-serve-shutdown");
        try (opened; Scheduler scheduler = opened.scheduler(settings.schedulerThreads());
                SlaMonitor slas = SlaMonitor.of(opened);
                GovernanceJobs governance = new GovernanceJobs(opened, settings.policyInterval(),
                        settings.retentionInterval(), settings.shutdownTimeout())) {
            MeshServer server = new MeshServer(mesh.governed().apply(opened), settings);
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                server.start();
                scheduler.start();
                slas.onTransition(new SlaAlerts(opened.alerts(), opened.products()));
                slas.start();
                governance.start();
                output.line("Serving " + opened.workspace().home() + " on http://" + settings.host() + ":"
                        + server.port() + MeshServer.API + " (the web UI at http://" + settings.host() + ":"
                        + server.port() + "/) with the scheduler, the SLA monitor, policy evaluation (every "
                        + settings.policyInterval() + ") and retention (every " + settings.retentionInterval()
                        + ") (Ctrl-C to stop).");
                started.accept(server.port());
                output.writer().flush();
                stopped.await();
            } finally {
                // order matters: no new requests, in-flight requests finish, then runs finish, then the store closes
                server.stop();
            }
        } finally {
            finished.countDown();
        }
        return 0;
    }
}
