package org.meshwork.platform.alert;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.meshwork.api.alert.Alert;
import org.meshwork.api.alert.Notifier;
import org.meshwork.platform.workspace.NotificationSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers alerts to every notifier whose route matches, on its own threads, so that raising an alert never fails or
 * slows the caller (a run, the SLA monitor).
 *
 * <p>Routes: every <em>global</em> notifier receives every alert; a <em>channel</em> notifier receives the alerts whose
 * {@link Alert#communicationChannel()} names its channel exactly (e.g. {@code #sales-data}).
 *
 * <p>{@link #publish} only queues one delivery per matching notifier and returns. The queue is bounded
 * ({@link Settings#queueCapacity()}): when it is full, the <b>oldest</b> waiting delivery is dropped with a logged
 * warning, so that a receiver that is down or slow cannot make memory grow without bound. A failed delivery is retried
 * with exponential backoff ({@link Settings#attempts()} attempts in all, waiting {@link Settings#firstBackoff()}, then
 * twice that, and so on); a delivery that fails every attempt is logged as an error and given up. {@link #close()}
 * stops accepting alerts and waits up to {@link Settings#closeTimeout()} for queued deliveries and their retries to
 * finish; what is left then is dropped with a warning.
 */
public final class AlertDispatcher implements AlertPublisher, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AlertDispatcher.class);

    private final List<Notifier> global;
    private final Map<String, Notifier> channels;
    private final Settings settings;
    private final Object lock = new Object();
    /** Deliveries waiting for a thread; guarded by {@link #lock}. */
    private final ArrayDeque<Delivery> queue = new ArrayDeque<>();
    /** Deliveries not yet finished: queued, being sent, or waiting out a backoff; guarded by {@link #lock}. */
    private int outstanding;
    private boolean closed;
    private boolean stopping;
    private final ExecutorService workers;
    private final ScheduledExecutorService retries;

    /**
     * @param global the notifiers that receive every alert
     * @param channels the notifier of each communication channel
     */
    public AlertDispatcher(List<Notifier> global, Map<String, Notifier> channels, Settings settings) {
        this.global = List.copyOf(global);
        this.channels = Collections.unmodifiableMap(new LinkedHashMap<>(channels));
        this.settings = requireNonNull(settings, "settings is null");
        this.workers = Executors.newFixedThreadPool(settings.threads(), threads("meshwork-alerts-"));
        this.retries = Executors.newSingleThreadScheduledExecutor(threads("meshwork-alert-retries-"));
        for (int i = 0; i < settings.threads(); i++) {
            workers.execute(this::work);
        }
    }

    /** The notifiers {@code mesh.yaml}'s {@code notifications} section configures, with default settings. */
    public static AlertDispatcher create(NotificationSettings notifications) {
        return create(notifications, Settings.defaults());
    }

    public static AlertDispatcher create(NotificationSettings notifications, Settings settings) {
        List<Notifier> global = new ArrayList<>();
        if (notifications.log()) {
            global.add(new LogNotifier());
        }
        notifications.webhooks().forEach(endpoint -> global.add(new WebhookNotifier(endpoint)));
        Map<String, Notifier> channels = new LinkedHashMap<>();
        notifications.channels().forEach((channel, endpoint) -> channels.put(channel, new WebhookNotifier(endpoint)));
        return new AlertDispatcher(global, channels, settings);
    }

    /** The notifiers an alert goes to: the global ones, and its channel's if one is configured. */
    public List<Notifier> routes(Alert alert) {
        List<Notifier> routes = new ArrayList<>(global);
        alert.communicationChannel().map(channels::get).ifPresent(routes::add);
        return routes;
    }

    /** Queues the alert for every matching notifier and returns at once; see the class comment for a full queue. */
    @Override
    public void publish(Alert alert) {
        requireNonNull(alert, "alert is null");
        List<Notifier> routes = routes(alert);
        synchronized (lock) {
            if (closed) {
                LOG.warn("alert {} of {} raised after alerting was closed; not delivered", alert.kind().label(),
                        alert.productId());
                return;
            }
            for (Notifier notifier : routes) {
                outstanding++;
                enqueue(new Delivery(alert, notifier, 1));
            }
        }
    }

    /** Holding the lock: adds a delivery, dropping the oldest waiting one when the queue is full. */
    private void enqueue(Delivery delivery) {
        if (queue.size() >= settings.queueCapacity()) {
            Delivery dropped = queue.pollFirst();
            outstanding--;
            LOG.warn("alert queue full ({} deliveries): dropped the oldest, {} of {} to {}", settings.queueCapacity(),
                    dropped.alert().kind().label(), dropped.alert().productId(), dropped.notifier().name());
        }
        queue.addLast(delivery);
        lock.notifyAll();
    }

    private void work() {
        while (true) {
            Delivery delivery;
            synchronized (lock) {
                while (queue.isEmpty() && !stopping) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (stopping) {
                    return;
                }
                delivery = queue.pollFirst();
            }
            deliver(delivery);
        }
    }

    private void deliver(Delivery delivery) {
        try {
            delivery.notifier().send(delivery.alert());
            finished();
        } catch (RuntimeException e) {
            if (delivery.attempt() >= settings.attempts()) {
                giveUp(delivery, e.getMessage());
                return;
            }
            Duration backoff = settings.backoff(delivery.attempt());
            LOG.debug("delivery of {} to {} failed (attempt {} of {}), retrying in {}: {}", delivery.alert().kind().label(),
                    delivery.notifier().name(), delivery.attempt(), settings.attempts(), backoff, e.getMessage());
            try {
                retries.schedule(() -> retry(delivery.next()), backoff.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closing) {
                giveUp(delivery, e.getMessage() + " (alerting closed before a retry)");
            }
        }
    }

    private void retry(Delivery delivery) {
        synchronized (lock) {
            if (stopping) {
                return;
            }
            enqueue(delivery);
        }
    }

    private void giveUp(Delivery delivery, String reason) {
        LOG.error("alert {} of {} could not be delivered to {} after {} attempt(s); giving up: {}",
                delivery.alert().kind().label(), delivery.alert().productId(), delivery.notifier().name(),
                delivery.attempt(), reason);
        finished();
    }

    private void finished() {
        synchronized (lock) {
            outstanding--;
            lock.notifyAll();
        }
    }

    /**
     * Stops accepting alerts and waits up to the close timeout for queued deliveries (and their retries) to finish;
     * the rest are dropped with a warning.
     */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            long deadline = System.nanoTime() + settings.closeTimeout().toNanos();
            try {
                long remaining;
                while (outstanding > 0 && (remaining = deadline - System.nanoTime()) > 0) {
                    TimeUnit.NANOSECONDS.timedWait(lock, remaining);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (outstanding > 0) {
                LOG.warn("{} alert deliveries not finished within {}; dropped", outstanding, settings.closeTimeout());
            }
            stopping = true;
            lock.notifyAll();
        }
        retries.shutdownNow();
        workers.shutdownNow();
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private record Delivery(Alert alert, Notifier notifier, int attempt) {
        Delivery next() {
            return new Delivery(alert, notifier, attempt + 1);
        }
    }

    /**
     * How deliveries are made.
     *
     * @param queueCapacity the most deliveries waiting for a thread; beyond it the oldest is dropped
     * @param threads how many deliveries are sent at once
     * @param attempts how many times a delivery is tried in all (1 = no retry)
     * @param firstBackoff the wait before the first retry; each further retry waits twice as long as the one before
     * @param closeTimeout how long {@link #close()} waits for outstanding deliveries
     */
    public record Settings(int queueCapacity, int threads, int attempts, Duration firstBackoff, Duration closeTimeout) {
        public static final int QUEUE_CAPACITY_DEFAULT = 1000;
        public static final int THREADS_DEFAULT = 2;
        public static final int ATTEMPTS_DEFAULT = 3;
        public static final Duration FIRST_BACKOFF_DEFAULT = Duration.ofSeconds(1);
        public static final Duration CLOSE_TIMEOUT_DEFAULT = Duration.ofSeconds(5);

        public Settings {
            if (queueCapacity < 1 || threads < 1 || attempts < 1) {
                throw new IllegalArgumentException("queueCapacity, threads and attempts must be at least 1");
            }
            requireNonNull(firstBackoff, "firstBackoff is null");
            requireNonNull(closeTimeout, "closeTimeout is null");
        }

        public static Settings defaults() {
            return new Settings(QUEUE_CAPACITY_DEFAULT, THREADS_DEFAULT, ATTEMPTS_DEFAULT, FIRST_BACKOFF_DEFAULT,
                    CLOSE_TIMEOUT_DEFAULT);
        }

        /** The wait after failed attempt {@code attempt} (1-based): first backoff × 2^(attempt − 1). */
        Duration backoff(int attempt) {
            return firstBackoff.multipliedBy(1L << Math.min(attempt - 1, 20));
        }
    }
}
