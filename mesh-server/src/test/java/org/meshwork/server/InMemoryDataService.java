package org.meshwork.server;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import org.meshwork.api.ErrorCode;
import org.meshwork.api.ForbiddenException;
import org.meshwork.api.InvalidArgumentException;
import org.meshwork.api.MeshException;
import org.meshwork.api.NoSuchProductException;
import org.meshwork.api.ProductId;
import org.meshwork.api.access.Principal;
import org.meshwork.api.query.Predicate;
import org.meshwork.platform.serving.DataRequest;
import org.meshwork.platform.serving.DataService;
import org.meshwork.platform.serving.RequestContext;
import org.meshwork.platform.serving.ResultColumn;
import org.meshwork.platform.serving.ResultFormat;
import org.meshwork.platform.serving.ResultStream;

/**
 * A hand-written fake of the governed read path over small in-memory tables, honouring the {@link DataService}
 * contract the server relies on: columns, EQ/GT/LT/IN filters, select, limit/offset with a cursor, JSON/NDJSON/CSV
 * (Parquet is refused: the fake has no Parquet writer), errors by exception. Tables can also be generated row by row
 * ({@link #generated}) and a product can be made to wait on a latch mid-stream, to test streaming and shutdown.
 */
public final class InMemoryDataService implements DataService {
    private final Map<ProductId, Table> tables = new LinkedHashMap<>();
    private final Map<ProductId, String> forbidden = new LinkedHashMap<>();
    public final List<String> reads = new CopyOnWriteArrayList<>();
    volatile CountDownLatch gate;
    volatile CountDownLatch reachedGate = new CountDownLatch(1);
    /** How many rows a read writes before it waits on {@link #gate} (when one is set). */
    volatile long gateAfterRows = 1;
    volatile boolean busy;
    /** When set, a read fails with an internal error after writing this many rows. */
    volatile long failAfterRows = -1;
    /** When set, closing a read (where the real read path appends its audit entry) waits on it. */
    volatile CountDownLatch closeGate;
    volatile CountDownLatch reachedClose = new CountDownLatch(1);
    /** When set, closing a read throws it, as the real read path does when its audit entry cannot be appended. */
    volatile RuntimeException failOnClose;

    record Table(List<String> columns, long rows, LongFunction<List<Object>> row) {}

    public InMemoryDataService table(ProductId id, List<String> columns, List<List<Object>> rows) {
        tables.put(id, new Table(columns, rows.size(), i -> rows.get((int) i)));
        return this;
    }

    public InMemoryDataService generated(ProductId id, List<String> columns, long rows, LongFunction<List<Object>> row) {
        tables.put(id, new Table(columns, rows, row));
        return this;
    }

    public InMemoryDataService forbid(ProductId id, String reason) {
        forbidden.put(id, reason);
        return this;
    }

    @Override
    public ResultStream read(Principal principal, ProductId product, DataRequest request, RequestContext context) {
        if (busy) {
            throw new MeshException(ErrorCode.TOO_MANY_REQUESTS, "user '" + principal + "' already runs 1 query; wait for it");
        }
        Table table = tables.get(product);
        if (table == null) {
            throw new NoSuchProductException(product);
        }
        if (forbidden.containsKey(product)) {
            throw new ForbiddenException(forbidden.get(product));
        }
        List<String> columns = request.select().isEmpty() ? table.columns() : request.select();
        for (String column : columns) {
            if (!table.columns().contains(column)) {
                throw new InvalidArgumentException("select: product '" + product + "' has no column '" + column + "'");
            }
        }
        for (Predicate predicate : request.filters()) {
            if (!table.columns().contains(predicate.column())) {
                throw new InvalidArgumentException("filter: product '" + product + "' has no column '" + predicate.column() + "'");
            }
        }
        long offset = request.cursor().map(Long::parseLong).orElse(request.offset());
        reads.add(principal + " " + product + " purpose=" + context.purpose().orElse("-"));
        return new Stream(table, columns, request, offset);
    }

    @Override
    public ResultStream query(Principal principal, String sql, RequestContext context) {
        // the fake understands exactly one shape: SELECT * FROM "<product id>"
        var matcher = java.util.regex.Pattern.compile("(?i)SELECT \\* FROM \"([^\"]+)\"").matcher(sql.strip());
        if (!matcher.matches()) {
            throw new InvalidArgumentException("sql: only SELECT * FROM \"<product id>\" is understood by this fake");
        }
        return read(principal, ProductId.parse(matcher.group(1)), DataRequest.all(), context);
    }

    private final class Stream implements ResultStream {
        private final Table table;
        private final List<String> columns;
        private final DataRequest request;
        private final long offset;
        private Optional<String> next = Optional.empty();

        Stream(Table table, List<String> columns, DataRequest request, long offset) {
            this.table = table;
            this.columns = columns;
            this.request = request;
            this.offset = offset;
        }

        @Override
        public List<ResultColumn> columns() {
            return columns.stream().map(c -> new ResultColumn(c, "VARCHAR")).toList();
        }

        @Override
        public OptionalLong version() {
            return OptionalLong.of(7);
        }

        @Override
        public long writeTo(ResultFormat format, OutputStream out) throws IOException {
            if (format == ResultFormat.PARQUET) {
                throw new InvalidArgumentException("format: the in-memory fake writes no Parquet");
            }
            long limit = request.limit().orElse(Long.MAX_VALUE);
            long written = 0;
            long skipped = 0;
            if (format == ResultFormat.JSON) {
                out.write('[');
            } else if (format == ResultFormat.CSV) {
                out.write((String.join(",", columns) + "\n").getBytes(StandardCharsets.UTF_8));
            }
            for (long i = 0; i < table.rows(); i++) {
                List<Object> row = table.row().apply(i);
                if (!matches(row)) {
                    continue;
                }
                if (skipped < offset) {
                    skipped++;
                    continue;
                }
                if (written == limit) {
                    next = Optional.of(Long.toString(offset + written));
                    break;
                }
                if (written == failAfterRows) {
                    throw new MeshException(ErrorCode.INTERNAL, "the fake failed after " + written + " rows");
                }
                if (written == gateAfterRows && gate != null) {
                    reachedGate.countDown();
                    try {
                        gate.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                List<Object> values = new ArrayList<>();
                for (String column : columns) {
                    values.add(row.get(table.columns().indexOf(column)));
                }
                String text;
                if (format == ResultFormat.CSV) {
                    text = String.join(",", values.stream().map(String::valueOf).toList()) + "\n";
                } else {
                    StringBuilder object = new StringBuilder("{");
                    for (int c = 0; c < columns.size(); c++) {
                        object.append(c == 0 ? "" : ",").append('"').append(columns.get(c)).append("\":");
                        Object value = values.get(c);
                        object.append(value instanceof Number ? value.toString() : "\"" + value + "\"");
                    }
                    object.append('}');
                    text = format == ResultFormat.NDJSON ? object + "\n" : (written == 0 ? "" : ",") + object;
                }
                out.write(text.getBytes(StandardCharsets.UTF_8));
                written++;
            }
            if (format == ResultFormat.JSON) {
                out.write(']');
            }
            return written;
        }

        private boolean matches(List<Object> row) {
            for (Predicate predicate : request.filters()) {
                Object value = row.get(table.columns().indexOf(predicate.column()));
                String text = String.valueOf(value);
                boolean holds;
                switch (predicate.operator()) {
                    case EQ:
                        holds = text.equals(predicate.values().get(0));
                        break;
                    case GT:
                        holds = Double.parseDouble(text) > Double.parseDouble(predicate.values().get(0));
                        break;
                    case LT:
                        holds = Double.parseDouble(text) < Double.parseDouble(predicate.values().get(0));
                        break;
                    case IN:
                        holds = predicate.values().contains(text);
                        break;
                    default:
                        throw new InvalidArgumentException("filter: the fake does not evaluate " + predicate.operator());
                }
                if (holds == predicate.negated()) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public Optional<String> nextCursor() {
            return next;
        }

        @Override
        public void close() {
            reachedClose.countDown();
            CountDownLatch waitFor = closeGate;
            if (waitFor != null) {
                try {
                    waitFor.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            RuntimeException failure = failOnClose;
            if (failure != null) {
                throw failure;
            }
        }
    }
}
