package org.meshwork.platform.sla;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.meshwork.api.InvalidArgumentException;
import org.meshwork.api.ProductId;
import org.meshwork.api.descriptor.Sla;
import org.meshwork.api.store.MetadataStore;
import org.meshwork.api.store.RunRecord;
import org.meshwork.api.store.RunStatus;
import org.meshwork.platform.Mesh;
import org.meshwork.platform.product.ProductRepository;
import org.meshwork.platform.product.ProductRepository.VersionedProduct;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the SLAs of every product: {@link #report} measures one product now; {@link #evaluate} measures every product
 * with an SLA and returns — and hands each listener — the objectives that became breached or recovered since the
 * previous evaluation; {@link #start} evaluates periodically in the background until {@link #close}.
 *
 * <p>What the monitor remembers between evaluations (the last status of each objective, and the transitions it
 * observed) lives in memory only. A freshly started monitor treats every objective as met: an objective it first sees
 * breached is reported as BREACHED once, one it first sees met reports nothing. The history shown with a report is
 * replayed from the recorded runs and check results ({@link SlaHistory}), so it is the same in every process and after
 * restarts; transitions this monitor observed itself (e.g. of availability) are added to it.
 *
 * <p>Safe to use from several threads.
 */
public final class SlaMonitor implements AutoCloseable {
    /** At most this many recent runs and runs' check results are read per product. */
    public static final int MAX_RUNS = 5_000;
    /** Background evaluation interval used by {@link #start()}. */
    public static final Duration INTERVAL_DEFAULT = Duration.ofMinutes(1);
    private static final int KEPT_TRANSITIONS = 1_000;
    private static final Logger LOG = LoggerFactory.getLogger(SlaMonitor.class);

    private final ProductRepository products;
    private final MetadataStore store;
    private final Clock clock;
    private final SlaEvaluator evaluator;
    private final List<Consumer<SlaTransition>> listeners = new CopyOnWriteArrayList<>();
    private final Map<Key, ObjectiveStatus> lastStatus = new HashMap<>();
    private final Deque<SlaTransition> observed = new ArrayDeque<>();
    private ScheduledExecutorService executor;

    public SlaMonitor(ProductRepository products, MetadataStore store, Clock clock, SlaEvaluator evaluator) {
        this.products = requireNonNull(products, "products is null");
        this.store = requireNonNull(store, "store is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.evaluator = requireNonNull(evaluator, "evaluator is null");
    }

    /** A monitor of a mesh's products on the mesh's clock, over {@code window}. */
    public static SlaMonitor of(Mesh mesh, Duration window) {
        return new SlaMonitor(mesh.products(), mesh.store(), mesh.clock(),
                new SlaEvaluator(window, SlaEvaluator.AMBER_BUDGET_DEFAULT));
    }

    /** A monitor of a mesh's products on the mesh's clock, over {@link SlaEvaluator#WINDOW_DEFAULT}. */
    public static SlaMonitor of(Mesh mesh) {
        return of(mesh, SlaEvaluator.WINDOW_DEFAULT);
    }

    /** Adds a listener that receives every transition {@link #evaluate} finds, in order, on the evaluating thread. */
    public void onTransition(Consumer<SlaTransition> listener) {
        listeners.add(requireNonNull(listener, "listener is null"));
    }

    /**
     * A product's SLA now.
     *
     * @throws org.meshwork.api.NoSuchProductException when there is no such product
     */
    public SlaReport report(ProductId id) {
        return report(id, clock.instant());
    }

    public SlaReport report(ProductId id, Instant now) {
        return report(products.get(id), now);
    }

    private SlaReport report(VersionedProduct product, Instant now) {
        ProductId id = product.id();
        Sla sla = product.definition().sla();
        ProductActivity activity = activity(id);
        List<SlaTransition> history = new ArrayList<>(SlaHistory.replay(id, sla, activity, evaluator.window(), now));
        synchronized (this) {
            for (SlaTransition t : observed) {
                if (t.productId().equals(id) && t.objective() == SlaObjective.AVAILABILITY
                        && t.at().isAfter(now.minus(evaluator.window())) && !t.at().isAfter(now)) {
                    history.add(t);
                }
            }
        }
        history.sort(Comparator.comparing(SlaTransition::at).thenComparing(SlaTransition::objective));
        return evaluator.evaluate(id, sla, activity, now, history);
    }

    /** {@link #evaluate(Instant)} at the clock's instant. */
    public List<SlaTransition> evaluate() {
        return evaluate(clock.instant());
    }

    /**
     * Measures every product with an SLA at {@code now} and returns the objectives whose status changed since the
     * previous evaluation (each change exactly once), after handing each to the listeners. An objective that is not
     * measured keeps its previous status.
     */
    public synchronized List<SlaTransition> evaluate(Instant now) {
        List<SlaTransition> transitions = new ArrayList<>();
        for (VersionedProduct product : products.list()) {
            if (product.definition().sla().isEmpty()) {
                continue;
            }
            SlaReport report = evaluator.evaluate(product.id(), product.definition().sla(), activity(product.id()), now,
                    List.of());
            for (ObjectiveReport objective : report.objectives()) {
                if (objective.status() == ObjectiveStatus.NOT_MEASURED) {
                    continue;
                }
                Key key = new Key(product.id(), objective.objective());
                ObjectiveStatus before = lastStatus.getOrDefault(key, ObjectiveStatus.MET);
                lastStatus.put(key, objective.status());
                if (before != objective.status()) {
                    transitions.add(new SlaTransition(product.id(), objective.objective(),
                            objective.status() == ObjectiveStatus.BREACHED ? SlaTransition.Change.BREACHED
                                    : SlaTransition.Change.RECOVERED, now, objective.reason()));
                }
            }
        }
        for (SlaTransition transition : transitions) {
            observed.addLast(transition);
            if (observed.size() > KEPT_TRANSITIONS) {
                observed.removeFirst();
            }
            for (Consumer<SlaTransition> listener : listeners) {
                try {
                    listener.accept(transition);
                } catch (RuntimeException e) {
                    LOG.warn("an SLA listener failed on {}", transition, e);
                }
            }
        }
        return List.copyOf(transitions);
    }

    /** The transitions this monitor observed, oldest first (the most recent {@value #KEPT_TRANSITIONS}). */
    public synchronized List<SlaTransition> observed() {
        return List.copyOf(observed);
    }

    /** Evaluates every {@link #INTERVAL_DEFAULT} in the background. */
    public void start() {
        start(INTERVAL_DEFAULT);
    }

    /**
     * Evaluates every {@code interval} in the background, the first time at once, until {@link #close()}. A failing
     * evaluation is logged and the next one runs as planned.
     *
     * @throws IllegalStateException when already started
     */
    public synchronized void start(Duration interval) {
        InvalidArgumentException.check(!interval.isNegative() && !interval.isZero(), "the SLA interval must be positive, not %s", interval);
        if (executor != null) {
            throw new IllegalStateException("the SLA monitor is already started");
        }
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "sla-monitor");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(() -> {
            try {
                evaluate();
            } catch (RuntimeException e) {
                LOG.warn("SLA evaluation failed", e);
            }
        }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops background evaluation, waiting for one in progress; the monitor may still be used directly. */
    @Override
    public void close() {
        ScheduledExecutorService running;
        synchronized (this) {
            running = executor;
            executor = null;
        }
        if (running == null) {
            return;
        }
        running.shutdown();
        try {
            if (!running.awaitTermination(30, TimeUnit.SECONDS)) {
                running.shutdownNow();
            }
        } catch (InterruptedException e) {
            running.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private ProductActivity activity(ProductId id) {
        List<Instant> publishes = new ArrayList<>();
        for (RunRecord run : store.runs(id, MAX_RUNS)) {
            if (run.status() == RunStatus.SUCCEEDED && run.tableVersion().isPresent() && run.endedAt().isPresent()) {
                publishes.add(run.endedAt().get());
            }
        }
        return new ProductActivity(publishes, store.checkHistory(id, MAX_RUNS));
    }

    private record Key(ProductId productId, SlaObjective objective) {}
}
