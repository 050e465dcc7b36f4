package org.meshwork.platform.alert;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.IntUnaryOperator;

/**
 * A real HTTP receiver on 127.0.0.1 (an ephemeral port) that records every request and answers with a status chosen
 * per request number; it can hold requests until released, to play a receiver that hangs.
 */
final class HttpReceiver implements AutoCloseable {
    record Request(String method, String path, String contentType, String body) {}

    private final HttpServer server;
    private final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
    private final List<Request> all = new CopyOnWriteArrayList<>();
    private volatile IntUnaryOperator status = n -> 200;
    private volatile java.util.concurrent.CountDownLatch hold = new java.util.concurrent.CountDownLatch(0);

    HttpReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Content-Type"), body);
            int number;
            synchronized (all) {
                all.add(request);
                number = all.size();
            }
            requests.add(request);
            try {
                hold.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(status.applyAsInt(number), -1);
            exchange.close();
        });
        server.start();
    }

    /** The URL of a path on this receiver, e.g. {@code /hooks/meshwork}. */
    URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /** Answers request n (1-based, over all paths) with {@code status.applyAsInt(n)}. */
    HttpReceiver answering(IntUnaryOperator status) {
        this.status = status;
        return this;
    }

    /** Holds every request until {@link #release()}. */
    HttpReceiver hanging() {
        hold = new java.util.concurrent.CountDownLatch(1);
        return this;
    }

    void release() {
        hold.countDown();
    }

    /** The next request received, waiting up to 10 s; fails when none comes. */
    Request next() throws InterruptedException {
        Request request = requests.poll(10, TimeUnit.SECONDS);
        if (request == null) {
            throw new AssertionError("the receiver got no request within 10 s");
        }
        return request;
    }

    /** Every request received so far. */
    List<Request> received() {
        return List.copyOf(all);
    }

    @Override
    public void close() {
        release();
        server.stop(0);
    }
}
