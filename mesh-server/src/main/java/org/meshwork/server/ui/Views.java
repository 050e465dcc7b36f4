package org.meshwork.server.ui;

import java.util.List;
import java.util.Optional;

/**
 * The values templates render: plain records of text, built by the page classes from the platform's types so that
 * templates hold no logic beyond loops and conditions. Every value is escaped by jte when rendered.
 */
public final class Views {
    private Views() {}

    /** Who is signed in, as the page header shows it. */
    public record User(String name, String teams, boolean auditor) {}

    /** A link of a pager: {@code href} empty when there is no such page. */
    public record Pager(String summary, Optional<String> previous, Optional<String> next) {}

    public record Contact(String role, String value) {}

    /** The header of a product page. */
    public record ProductHeader(String id, String name, String domain, String ownerTeam, List<Contact> contacts,
                                String sensitivity, String version, String description, List<String> tags,
                                String slaColour, String slaLabel, String slaReason, String freshness,
                                Optional<String> documentationUrl) {}

    public record Objective(String name, String target, String measured, String status, String reason) {}

    public record Source(String name, String type, String detail) {}

    public record Overview(List<Objective> objectives, List<Source> sources, String restSnippet, String sqlSnippet,
                           List<String> transitions) {}

    public record Column(String name, String type, boolean nullable, String description, String classification,
                         boolean pii, String mask) {}

    public record ContractVersion(long revision, String version, String appliedAt, String appliedBy,
                                  List<String> breaking, List<String> additions, boolean first) {}

    public record Schema(List<Column> columns, List<ContractVersion> versions) {}

    public record CheckRow(String name, String kind, String severity, String measured, String expectation, boolean passed,
                           String message) {}

    /** One chart: a check's measured value over recent runs, oldest first, as JSON for Chart.js. */
    public record Chart(String id, String title, String json, int points) {}

    public record Quality(Optional<String> evaluatedAt, List<CheckRow> latest, List<Chart> charts) {}

    public record LineageNodeRow(String id, String label, String kind, Optional<String> href) {}

    public record LineageEdgeRow(String from, String to, List<String> columns) {}

    public record Lineage(String json, List<LineageNodeRow> nodes, List<LineageEdgeRow> edges, List<String> columns,
                          int hidden) {}

    public record RunRow(String id, String status, String trigger, String startedAt, String duration, long rowsRead,
                         long rowsWritten, long rowsQuarantined, String tableVersion, String error) {}

    public record Runs(List<RunRow> runs, Optional<String> more) {}

    public record DataColumn(String name, String type, String mask) {}

    public record Preview(boolean allowed, String message, String basis, List<DataColumn> columns,
                          List<List<String>> rows, String version, String restSnippet, String sqlSnippet) {}

    public record RequestRow(String id, String requester, String purpose, String status, String requestedAt,
                             String decidedBy, String reason) {}

    public record Access(boolean owner, boolean canRequest, List<RequestRow> pending, List<RequestRow> mine,
                         List<RequestRow> decided) {}

    public record Hit(String id, String name, String domain, String owner, String description, String freshness,
                      String sla) {}

    public record FacetOption(String value, long count, String href, boolean selected) {}

    public record Facet(String name, List<FacetOption> options) {}

    public record SearchResults(String text, List<Hit> hits, long total, List<Facet> facets, Pager pager) {}

    public record DomainCard(String name, String title, String description, String ownerTeam, long products) {}

    public record DomainPage(DomainCard domain, List<Hit> products, Pager pager, String graphJson,
                             List<String> dependencies) {}

    public record PolicyView(String name, String scope, String enforcement, String rule, String description) {}

    public record MatrixCell(String status, String reason) {}

    public record MatrixRow(String product, List<MatrixCell> cells) {}

    public record Governance(List<PolicyView> policies, List<MatrixRow> rows, Pager pager) {}

    public record AuditRow(String at, String actor, String action, String product, String outcome, String details,
                           String client) {}

    public record Audit(List<AuditRow> events, Pager pager, boolean intact, String verification, String text,
                        String actor, String product, String action) {}
}
