package org.meshwork.server.ui;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.meshwork.api.ProductId;
import org.meshwork.api.UserName;
import org.meshwork.api.access.AccessController;
import org.meshwork.api.access.ColumnAccess;
import org.meshwork.api.access.MaskStrategy;
import org.meshwork.api.access.Principal;
import org.meshwork.api.access.ReadDecision;
import org.meshwork.api.audit.AuditEvent;
import org.meshwork.api.table.TableColumn;
import org.meshwork.platform.Mesh;
import org.meshwork.platform.pipeline.ProductPreview;
import org.meshwork.platform.serving.DataRequest;
import org.meshwork.platform.serving.DataService;
import org.meshwork.platform.serving.RequestContext;
import org.meshwork.platform.serving.ResultColumn;
import org.meshwork.platform.serving.ResultFormat;
import org.meshwork.platform.serving.ResultStream;

/**
 * Test governed read: asks the access controller, reads the real published rows (DuckDB over the Delta table, through
 * the platform's preview as a platform admin) and masks them in Java. The serving module does this in the engine.
 */
final class PreviewDataService implements DataService {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Mesh mesh;
    private final AccessController access;
    private final InMemoryAuditTrail audit;
    private final UserName admin;
    private final Clock clock;

    PreviewDataService(Mesh mesh, AccessController access, InMemoryAuditTrail audit, UserName admin) {
        this.mesh = mesh;
        this.access = access;
        this.audit = audit;
        this.admin = admin;
        this.clock = mesh.clock();
    }

    @Override
    public ResultStream read(Principal principal, ProductId product, DataRequest request, RequestContext context) {
        ReadDecision decision = access.authorizeRead(principal, product, context.purpose());
        int limit = (int) Math.min(ProductPreview.MAX_ROWS, request.limit().orElse(100));
        ProductPreview.Preview preview = mesh.preview(product, admin, ProductPreview.Selector.current(), limit);
        List<ResultColumn> columns = new ArrayList<>();
        List<Integer> indexes = new ArrayList<>();
        for (ColumnAccess column : decision.columns()) {
            for (int i = 0; i < preview.columns().size(); i++) {
                TableColumn table = preview.columns().get(i);
                if (table.name().equals(column.name())) {
                    columns.add(new ResultColumn(table.name(), column.isMasked() ? "VARCHAR" : table.type()));
                    indexes.add(i);
                }
            }
        }
        return new ResultStream() {
            @Override
            public List<ResultColumn> columns() {
                return columns;
            }

            @Override
            public OptionalLong version() {
                return OptionalLong.of(preview.version());
            }

            @Override
            public long writeTo(ResultFormat format, OutputStream out) throws IOException {
                if (format != ResultFormat.NDJSON) {
                    throw new UnsupportedOperationException("the test data service writes NDJSON only");
                }
                long written = 0;
                for (List<Object> row : preview.rows()) {
                    ObjectNode object = JSON.createObjectNode();
                    for (int c = 0; c < columns.size(); c++) {
                        Object value = row.get(indexes.get(c));
                        String name = columns.get(c).name();
                        Optional<MaskStrategy> mask = decision.column(name).flatMap(ColumnAccess::mask);
                        object.putPOJO(name, mask.isPresent() ? mask(mask.get(), value) : plain(value));
                    }
                    out.write(JSON.writeValueAsBytes(object));
                    out.write('\n');
                    written++;
                }
                audit.append(new AuditEvent(clock.instant(), principal.name(), "read", Optional.of(product), "ok",
                        Map.of("rows", String.valueOf(written), "basis", decision.basis()), context.clientAddress()));
                return written;
            }

            @Override
            public Optional<String> nextCursor() {
                return Optional.empty();
            }

            @Override
            public void close() {}
        };
    }

    private static Object plain(Object value) {
        return value == null || value instanceof Number || value instanceof Boolean ? value : String.valueOf(value);
    }

    static String mask(MaskStrategy mask, Object value) {
        if (value == null) {
            return null;
        }
        String text = String.valueOf(value);
        switch (mask) {
            case REDACT:
                return "***";
            case NULL:
                return null;
            case PARTIAL:
                return text.isEmpty() ? "***" : text.charAt(0) + "***";
            case HASH:
                try {
                    return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                            .digest(text.getBytes(StandardCharsets.UTF_8))).substring(0, 16);
                } catch (java.security.NoSuchAlgorithmException e) {
                    throw new IllegalStateException(e);
                }
        }
        throw new IllegalStateException("unknown mask " + mask);
    }

    @Override
    public ResultStream query(Principal principal, String sql, RequestContext context) {
        throw new UnsupportedOperationException("the web UI does not run SQL");
    }
}
