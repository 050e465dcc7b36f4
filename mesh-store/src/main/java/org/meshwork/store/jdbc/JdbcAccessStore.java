package org.meshwork.store.jdbc;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.meshwork.api.ProductId;
import org.meshwork.api.UserName;
import org.meshwork.api.access.AccessRequest;
import org.meshwork.api.access.AccessRequestStatus;
import org.meshwork.api.access.AccessStore;
import org.meshwork.api.access.ApiToken;
import org.meshwork.api.access.Grant;
import org.meshwork.api.access.Grantee;
import org.meshwork.api.query.Operator;
import org.meshwork.api.query.Predicate;
import org.meshwork.store.MetadataStoreException;

/**
 * The {@link AccessStore} of a {@link JdbcMetadataStore}: tables {@code access_tokens}, {@code access_grants} and
 * {@code access_requests} of {@code V3__access.sql}, on the store's connections and write transactions. Column lists
 * and row filters are JSON text; a grant is never deleted, revoking it stamps {@code revoked_at}. A request is decided
 * with an update guarded by {@code status = 'pending'}, in the same transaction as the grant an approval creates, so
 * two deciders racing cannot both win.
 */
final class JdbcAccessStore implements AccessStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
    private static final TypeReference<List<Map<String, Object>>> PREDICATES = new TypeReference<>() {};
    private static final String GRANT_COLUMNS = "grant_id, product_id, grantee_kind, grantee_name, columns_json,"
            + " filter_json, purpose, pii_clearance, granted_by, granted_at, expires_at, revoked_at, request_id";
    private static final String REQUEST_COLUMNS = "request_id, product_id, requester, purpose, columns_json, status,"
            + " requested_at, decided_by, decided_at, reason, grant_id";
    private static final String TOKEN_COLUMNS = "token_id, user_name, description, created_at, created_by, expires_at,"
            + " revoked_at, salt, secret_hash";

    private final JdbcMetadataStore store;

    JdbcAccessStore(JdbcMetadataStore store) {
        this.store = requireNonNull(store, "store is null");
    }

    @Override
    public void insertGrant(Grant grant) {
        requireNonNull(grant, "grant is null");
        store.inChangingTransaction("insert grant " + grant.id(), handle -> {
            requireNew(handle, "access_grants", "grant_id", grant.id(), "grant");
            insertGrant(handle, grant);
            return null;
        });
    }

    private static void insertGrant(Handle handle, Grant grant) {
        handle.createUpdate("INSERT INTO access_grants (" + GRANT_COLUMNS + ") VALUES (:id, :product, :kind, :name,"
                        + " :columns, :filter, :purpose, :pii, :by, :at, :expires, :revoked, :request)")
                .bind("id", grant.id())
                .bind("product", grant.product().toString())
                .bind("kind", grant.grantee().kind().name())
                .bind("name", grant.grantee().name())
                .bind("columns", json(grant.columns()))
                .bind("filter", json(predicates(grant.rowFilter())))
                .bind("purpose", grant.purpose().orElse(null))
                .bind("pii", grant.piiClearance())
                .bind("by", grant.grantedBy().value())
                .bind("at", TimestampText.format(grant.grantedAt()))
                .bind("expires", grant.expiresAt().map(TimestampText::format).orElse(null))
                .bind("revoked", grant.revokedAt().map(TimestampText::format).orElse(null))
                .bind("request", grant.requestId().orElse(null))
                .execute();
    }

    @Override
    public Optional<Grant> grant(String id) {
        requireNonNull(id, "id is null");
        return store.withHandle("read grant " + id, handle -> handle
                .createQuery("SELECT " + GRANT_COLUMNS + " FROM access_grants WHERE grant_id = :id")
                .bind("id", id)
                .map((row, context) -> grant(row))
                .findOne());
    }

    @Override
    public List<Grant> grants(ProductId product) {
        requireNonNull(product, "product is null");
        return store.cached(new GrantsKey(product), () -> store.withHandle("list the grants of " + product,
                handle -> List.copyOf(handle
                        .createQuery("SELECT " + GRANT_COLUMNS + " FROM access_grants WHERE product_id = :product"
                                + " ORDER BY granted_at, grant_id")
                        .bind("product", product.toString())
                        .map((row, context) -> grant(row))
                        .list())));
    }

    @Override
    public boolean revokeGrant(String id, Instant at) {
        requireNonNull(id, "id is null");
        requireNonNull(at, "at is null");
        return store.inChangingTransaction("revoke grant " + id, handle -> handle
                .createUpdate("UPDATE access_grants SET revoked_at = :at WHERE grant_id = :id AND revoked_at IS NULL")
                .bind("at", TimestampText.format(at))
                .bind("id", id)
                .execute() == 1);
    }

    @Override
    public void insertRequest(AccessRequest request) {
        requireNonNull(request, "request is null");
        store.inChangingTransaction("insert access request " + request.id(), handle -> {
            requireNew(handle, "access_requests", "request_id", request.id(), "access request");
            return handle.createUpdate("INSERT INTO access_requests (" + REQUEST_COLUMNS + ") VALUES (:id, :product,"
                            + " :requester, :purpose, :columns, :status, :at, :by, :decidedAt, :reason, :grant)")
                    .bind("id", request.id())
                    .bind("product", request.product().toString())
                    .bind("requester", request.requester().value())
                    .bind("purpose", request.purpose().orElse(null))
                    .bind("columns", json(request.columns()))
                    .bind("status", request.status().label())
                    .bind("at", TimestampText.format(request.requestedAt()))
                    .bind("by", request.decidedBy().map(UserName::value).orElse(null))
                    .bind("decidedAt", request.decidedAt().map(TimestampText::format).orElse(null))
                    .bind("reason", request.reason().orElse(null))
                    .bind("grant", request.grantId().orElse(null))
                    .execute();
        });
    }

    @Override
    public Optional<AccessRequest> request(String id) {
        requireNonNull(id, "id is null");
        return store.withHandle("read access request " + id, handle -> handle
                .createQuery("SELECT " + REQUEST_COLUMNS + " FROM access_requests WHERE request_id = :id")
                .bind("id", id)
                .map((row, context) -> request(row))
                .findOne());
    }

    @Override
    public List<AccessRequest> requests(Collection<ProductId> products, AccessRequestStatus status) {
        requireNonNull(products, "products is null");
        requireNonNull(status, "status is null");
        if (products.isEmpty()) {
            return List.of();
        }
        return store.withHandle("list access requests", handle -> handle
                .createQuery("SELECT " + REQUEST_COLUMNS + " FROM access_requests"
                        + " WHERE product_id IN (<products>) AND status = :status ORDER BY requested_at, request_id")
                .bindList("products", products.stream().map(ProductId::toString).distinct().toList())
                .bind("status", status.label())
                .map((row, context) -> request(row))
                .list());
    }

    @Override
    public List<AccessRequest> requestsBy(UserName requester) {
        requireNonNull(requester, "requester is null");
        return store.withHandle("list the access requests of " + requester, handle -> handle
                .createQuery("SELECT " + REQUEST_COLUMNS + " FROM access_requests WHERE requester = :requester"
                        + " ORDER BY requested_at DESC, request_id DESC")
                .bind("requester", requester.value())
                .map((row, context) -> request(row))
                .list());
    }

    @Override
    public boolean decideRequest(AccessRequest decided, Optional<Grant> grant) {
        requireNonNull(decided, "decided is null");
        requireNonNull(grant, "grant is null");
        if (decided.status() == AccessRequestStatus.PENDING) {
            throw new IllegalArgumentException("a decision must approve or deny request " + decided.id());
        }
        return store.inChangingTransaction("decide access request " + decided.id(), handle -> {
            int updated = handle.createUpdate("UPDATE access_requests SET status = :status, decided_by = :by,"
                            + " decided_at = :at, reason = :reason, grant_id = :grant"
                            + " WHERE request_id = :id AND status = :pending")
                    .bind("status", decided.status().label())
                    .bind("by", decided.decidedBy().map(UserName::value).orElse(null))
                    .bind("at", decided.decidedAt().map(TimestampText::format).orElse(null))
                    .bind("reason", decided.reason().orElse(null))
                    .bind("grant", decided.grantId().orElse(null))
                    .bind("id", decided.id())
                    .bind("pending", AccessRequestStatus.PENDING.label())
                    .execute();
            if (updated != 1) {
                return false;
            }
            if (grant.isPresent()) {
                requireNew(handle, "access_grants", "grant_id", grant.get().id(), "grant");
                insertGrant(handle, grant.get());
            }
            return true;
        });
    }

    @Override
    public void insertToken(ApiToken token) {
        requireNonNull(token, "token is null");
        store.inChangingTransaction("insert token " + token.id(), handle -> {
            requireNew(handle, "access_tokens", "token_id", token.id(), "token");
            return handle.createUpdate("INSERT INTO access_tokens (" + TOKEN_COLUMNS + ") VALUES (:id, :user,"
                            + " :description, :at, :by, :expires, :revoked, :salt, :hash)")
                    .bind("id", token.id())
                    .bind("user", token.user().value())
                    .bind("description", token.description().orElse(null))
                    .bind("at", TimestampText.format(token.createdAt()))
                    .bind("by", token.createdBy().value())
                    .bind("expires", token.expiresAt().map(TimestampText::format).orElse(null))
                    .bind("revoked", token.revokedAt().map(TimestampText::format).orElse(null))
                    .bind("salt", token.salt())
                    .bind("hash", token.secretHash())
                    .execute();
        });
    }

    @Override
    public Optional<ApiToken> token(String id) {
        requireNonNull(id, "id is null");
        return store.cached(new TokenKey(id), () -> store.withHandle("read token " + id, handle -> handle
                .createQuery("SELECT " + TOKEN_COLUMNS + " FROM access_tokens WHERE token_id = :id")
                .bind("id", id)
                .map((row, context) -> token(row))
                .findOne()));
    }

    @Override
    public List<ApiToken> tokens(Optional<UserName> user) {
        requireNonNull(user, "user is null");
        return store.withHandle("list tokens", handle -> {
            var query = handle.createQuery("SELECT " + TOKEN_COLUMNS + " FROM access_tokens"
                    + (user.isPresent() ? " WHERE user_name = :user" : "") + " ORDER BY created_at, token_id");
            user.ifPresent(name -> query.bind("user", name.value()));
            return query.map((row, context) -> token(row)).list();
        });
    }

    @Override
    public boolean revokeToken(String id, Instant at) {
        requireNonNull(id, "id is null");
        requireNonNull(at, "at is null");
        return store.inChangingTransaction("revoke token " + id, handle -> handle
                .createUpdate("UPDATE access_tokens SET revoked_at = :at WHERE token_id = :id AND revoked_at IS NULL")
                .bind("at", TimestampText.format(at))
                .bind("id", id)
                .execute() == 1);
    }

    /** Table and column names here are constants of this class, never input. */
    private static void requireNew(Handle handle, String table, String idColumn, String id, String what) {
        long existing = handle.createQuery("SELECT COUNT(*) FROM " + table + " WHERE " + idColumn + " = :id")
                .bind("id", id)
                .mapTo(Long.class)
                .one();
        if (existing > 0) {
            throw new IllegalArgumentException(what + " '" + id + "' already exists");
        }
    }

    private static Grant grant(ResultSet row) throws SQLException {
        return new Grant(
                row.getString("grant_id"),
                ProductId.parse(row.getString("product_id")),
                new Grantee(Grantee.Kind.valueOf(row.getString("grantee_kind")), row.getString("grantee_name")),
                strings(row.getString("columns_json")),
                predicates(row.getString("filter_json")),
                Optional.ofNullable(row.getString("purpose")),
                row.getBoolean("pii_clearance"),
                UserName.of(row.getString("granted_by")),
                TimestampText.parse(row.getString("granted_at")),
                instant(row.getString("expires_at")),
                instant(row.getString("revoked_at")),
                Optional.ofNullable(row.getString("request_id")));
    }

    private static AccessRequest request(ResultSet row) throws SQLException {
        return new AccessRequest(
                row.getString("request_id"),
                ProductId.parse(row.getString("product_id")),
                UserName.of(row.getString("requester")),
                Optional.ofNullable(row.getString("purpose")),
                strings(row.getString("columns_json")),
                AccessRequestStatus.valueOf(row.getString("status").toUpperCase(java.util.Locale.ROOT)),
                TimestampText.parse(row.getString("requested_at")),
                Optional.ofNullable(row.getString("decided_by")).map(UserName::of),
                instant(row.getString("decided_at")),
                Optional.ofNullable(row.getString("reason")),
                Optional.ofNullable(row.getString("grant_id")));
    }

    private static ApiToken token(ResultSet row) throws SQLException {
        return new ApiToken(
                row.getString("token_id"),
                UserName.of(row.getString("user_name")),
                Optional.ofNullable(row.getString("description")),
                TimestampText.parse(row.getString("created_at")),
                UserName.of(row.getString("created_by")),
                instant(row.getString("expires_at")),
                instant(row.getString("revoked_at")),
                row.getString("salt"),
                row.getString("secret_hash"));
    }

    private static Optional<Instant> instant(String text) {
        return text == null ? Optional.empty() : Optional.of(TimestampText.parse(text));
    }

    private static List<Map<String, Object>> predicates(List<Predicate> predicates) {
        List<Map<String, Object>> result = new ArrayList<>();
        for (Predicate predicate : predicates) {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("column", predicate.column());
            map.put("operator", predicate.operator().label());
            map.put("values", predicate.values());
            map.put("negated", predicate.negated());
            result.add(map);
        }
        return result;
    }

    @SuppressWarnings("unchecked")
    private static List<Predicate> predicates(String json) throws SQLException {
        try {
            List<Predicate> result = new ArrayList<>();
            for (Map<String, Object> map : JSON.readValue(json, PREDICATES)) {
                String label = (String) map.get("operator");
                Operator operator = Operator.fromLabel(label)
                        .orElseThrow(() -> new SQLException("unknown operator '" + label + "' in a stored row filter"));
                result.add(new Predicate((String) map.get("column"), operator, (List<String>) map.get("values"),
                        Boolean.TRUE.equals(map.get("negated"))));
            }
            return result;
        } catch (JsonProcessingException e) {
            throw new SQLException("a stored row filter is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static List<String> strings(String json) throws SQLException {
        try {
            return JSON.readValue(json, STRINGS);
        } catch (JsonProcessingException e) {
            throw new SQLException("a stored column list is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new MetadataStoreException("cannot serialise " + value + " to JSON: " + e.getMessage(), e);
        }
    }

    /** The cache keys of the reads the serving path repeats on every request (see {@link RevisionCache}). */
    private record GrantsKey(ProductId product) {}

    private record TokenKey(String id) {}
}
