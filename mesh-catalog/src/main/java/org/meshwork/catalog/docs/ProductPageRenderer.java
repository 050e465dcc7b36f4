package org.meshwork.catalog.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.meshwork.api.descriptor.CheckSpec;
import org.meshwork.api.descriptor.ColumnSpec;
import org.meshwork.api.descriptor.Ownership;
import org.meshwork.api.lineage.ColumnDerivation;
import org.meshwork.api.quality.CheckResult;
import org.meshwork.catalog.CatalogProduct;
import org.meshwork.catalog.lineage.LineageInput;
import org.meshwork.catalog.lineage.NodeKind;

/**
 * Renders a product's documentation page in Markdown or HTML from one structure, so both always say the same:
 * description, owners and how to reach them, schema with column docs and classifications, SLA and its current status,
 * quality checks with their latest results, lineage summary, versions, and how to access the data. Every value from a
 * descriptor is escaped for the target format.
 */
public final class ProductPageRenderer {
    private ProductPageRenderer() {}

    public static String render(ProductPage page, DocsFormat format) {
        Document doc = format == DocsFormat.MD ? new Markdown() : new Html();
        CatalogProduct product = page.product();
        doc.title(product.displayName() + " (" + product.id() + ")");
        doc.paragraph(product.description().isEmpty() ? "No description." : product.description());
        doc.facts(List.of(
                fact("Domain", product.id().domain().value()),
                fact("Version", product.product().map(p -> p.version().toString()).orElse("—")
                        + " (revision " + product.version() + ")"),
                fact("Sensitivity", product.sensitivity().label()),
                fact("Tags", product.tags().isEmpty() ? "—" : String.join(", ", product.tags())),
                fact("Business entity", product.entity().orElse("—")),
                fact("Last published", page.lastPublished().map(Object::toString).orElse("never")),
                fact("SLA status", page.slaColour().orElse("no SLA"))));

        doc.heading("Owners and contacts");
        Ownership o = product.ownership();
        List<String[]> owners = new ArrayList<>();
        product.ownerTeam().ifPresent(t -> owners.add(fact("Owner team", t)));
        o.technicalOwner().ifPresent(v -> owners.add(fact("Technical owner", v)));
        o.developer().ifPresent(v -> owners.add(fact("Developer", v)));
        o.businessOwner().ifPresent(v -> owners.add(fact("Business owner", v)));
        o.steward().ifPresent(v -> owners.add(fact("Data steward", v)));
        o.communicationChannel().ifPresent(v -> owners.add(fact("Channel", v)));
        o.onCallRotation().ifPresent(v -> owners.add(fact("On call", v)));
        o.escalationPath().ifPresent(v -> owners.add(fact("Escalation", v)));
        product.product().flatMap(p -> p.documentationUrl()).ifPresent(v -> owners.add(fact("Documentation", v)));
        if (owners.isEmpty()) {
            doc.paragraph("No owners declared.");
        } else {
            doc.facts(owners);
        }

        doc.heading("Schema");
        if (product.schema().isEmpty()) {
            doc.paragraph("No output contract declared.");
        } else {
            List<List<String>> rows = new ArrayList<>();
            for (ColumnSpec column : product.schema().columns()) {
                List<String> notes = new ArrayList<>();
                if (column.primaryKey()) {
                    notes.add("primary key");
                }
                if (column.unique()) {
                    notes.add("unique");
                }
                column.mask().ifPresent(m -> notes.add("masked: " + m));
                notes.addAll(column.glossary().stream().map(term -> "glossary: " + term).toList());
                notes.addAll(column.tags().stream().map(t -> "#" + t).toList());
                rows.add(List.of(column.name(), column.type(), column.nullable() ? "yes" : "no",
                        column.classification().orElse(column.pii() ? "pii" : "—"), column.description().orElse(""),
                        String.join(", ", notes)));
            }
            doc.table(List.of("Column", "Type", "Nullable", "Classification", "Description", "Notes"), rows);
        }

        doc.heading("Service levels");
        if (page.sla().isEmpty()) {
            doc.paragraph("No SLA declared.");
        } else {
            doc.paragraph("Overall: " + page.slaColour().orElse("unknown") + ".");
            doc.table(List.of("Objective", "Target", "Measured", "Status", "Why"), page.sla().stream()
                    .map(l -> List.of(l.objective(), l.target(), l.measured(), l.status(), l.reason())).toList());
        }

        doc.heading("Quality checks");
        List<CheckSpec> declared = product.checks();
        if (declared.isEmpty()) {
            doc.paragraph("No quality checks declared.");
        } else {
            doc.paragraph(page.checksEvaluatedAt().map(at -> "Latest results, from the run evaluated at " + at + ".")
                    .orElse("The checks have not run yet."));
            List<List<String>> rows = new ArrayList<>();
            for (CheckSpec check : declared) {
                Optional<CheckResult> result = page.checks().stream().filter(r -> r.name().equals(check.name())).findFirst();
                rows.add(List.of(check.name(), check.severity().name().toLowerCase(Locale.ROOT),
                        result.map(CheckResult::expectation).orElse(check.description().orElse("")),
                        result.map(r -> r.passed() ? "passed" : "FAILED").orElse("not run"),
                        result.map(CheckResult::message).orElse("")));
            }
            doc.table(List.of("Check", "Severity", "Expectation", "Latest", "Message"), rows);
        }

        doc.heading("Lineage");
        List<String> inputs = new ArrayList<>();
        for (LineageInput input : page.lineage().inputs()) {
            inputs.add("`" + input.source() + "` ← " + (input.kind() == NodeKind.PRODUCT ? "product " : "system ")
                    + input.label());
        }
        doc.paragraph(inputs.isEmpty() ? "No inputs." : "Inputs:");
        doc.list(inputs);
        doc.paragraph(page.consumers().isEmpty() ? "No product reads this one yet." : "Read by:");
        doc.list(page.consumers());
        List<String> columnLines = new ArrayList<>();
        for (ColumnDerivation derivation : page.lineage().transform().columns()) {
            columnLines.add(derivation.column() + " ← " + (derivation.known()
                    ? (derivation.inputs().isEmpty() ? "constant" : String.join(", ",
                            derivation.inputs().stream().map(Object::toString).toList()))
                            + " (" + derivation.kind().name().toLowerCase(Locale.ROOT) + ")"
                    : "table-level only: " + derivation.unsupported().orElse("")));
        }
        if (!columnLines.isEmpty()) {
            doc.paragraph("Column lineage:");
            doc.list(columnLines);
        }
        page.lineage().transform().notes().stream().filter(n -> columnLines.isEmpty())
                .forEach(n -> doc.paragraph("Note: " + n));

        doc.heading("Versions");
        doc.table(List.of("Revision", "Version", "Applied by", "Applied at"), page.versions().stream()
                .map(v -> List.of(String.valueOf(v.version()), v.semanticVersion().orElse("—"), v.appliedBy(),
                        v.appliedAt().toString())).toList());

        doc.heading("How to access");
        String id = product.id().toString();
        String firstColumns = product.schema().columns().stream().limit(3).map(ColumnSpec::name)
                .reduce((a, b) -> a + "," + b).orElse("*");
        doc.paragraph("REST (with a bearer token):");
        doc.code("GET /api/v1/products/" + id + "/data?select=" + firstColumns + "&limit=100");
        doc.paragraph("SQL from the command line:");
        doc.code("mesh query \"SELECT " + firstColumns.replace(",", ", ") + " FROM \\\"" + id + "\\\" LIMIT 100\"");
        doc.paragraph("No access yet? Ask the owners" + page.domainOwnerTeam().map(t -> " (" + t + ")").orElse("") + ":");
        doc.code("mesh access request " + id + " --purpose \"<why you need it>\"");
        doc.footer("Generated by Meshwork at " + page.generatedAt() + " from revision " + product.version() + ".");
        return doc.finish();
    }

    private static String[] fact(String name, String value) {
        return new String[] {name, value};
    }

    private interface Document {
        void title(String text);

        void heading(String text);

        void paragraph(String text);

        void facts(List<String[]> facts);

        void table(List<String> header, List<List<String>> rows);

        void list(List<String> items);

        void code(String text);

        void footer(String text);

        String finish();
    }

    private static final class Markdown implements Document {
        private final StringBuilder out = new StringBuilder();

        /** Escapes Markdown's inline syntax characters; backticks written by the renderer itself are kept. */
        private static String escape(String text) {
            return text.replace("\\", "\\\\").replace("*", "\\*").replace("_", "\\_").replace("<", "&lt;")
                    .replace("|", "\\|").replace("[", "\\[").replace("]", "\\]").replace("\n", " ");
        }

        private static String inline(String text) {
            StringBuilder result = new StringBuilder();
            String[] parts = text.split("`", -1);
            for (int i = 0; i < parts.length; i++) {
                result.append(i % 2 == 1 ? "`" + parts[i] + "`" : escape(parts[i]));
            }
            return result.toString();
        }

        @Override
        public void title(String text) {
            out.append("# ").append(escape(text)).append("\n\n");
        }

        @Override
        public void heading(String text) {
            out.append("## ").append(escape(text)).append("\n\n");
        }

        @Override
        public void paragraph(String text) {
            out.append(inline(text)).append("\n\n");
        }

        @Override
        public void facts(List<String[]> facts) {
            for (String[] fact : facts) {
                out.append("- **").append(escape(fact[0])).append(":** ").append(escape(fact[1])).append('\n');
            }
            out.append('\n');
        }

        @Override
        public void table(List<String> header, List<List<String>> rows) {
            out.append("| ").append(String.join(" | ", header.stream().map(Markdown::escape).toList())).append(" |\n|");
            header.forEach(h -> out.append("---|"));
            out.append('\n');
            for (List<String> row : rows) {
                out.append("| ").append(String.join(" | ", row.stream().map(Markdown::escape).toList())).append(" |\n");
            }
            out.append('\n');
        }

        @Override
        public void list(List<String> items) {
            if (items.isEmpty()) {
                return;
            }
            items.forEach(item -> out.append("- ").append(inline(item)).append('\n'));
            out.append('\n');
        }

        @Override
        public void code(String text) {
            out.append("```\n").append(text.replace("```", "` ` `")).append("\n```\n\n");
        }

        @Override
        public void footer(String text) {
            out.append("---\n\n_").append(escape(text)).append("_\n");
        }

        @Override
        public String finish() {
            return out.toString();
        }
    }

    private static final class Html implements Document {
        private final StringBuilder body = new StringBuilder();
        private String title = "";

        static String escape(String text) {
            return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                    .replace("'", "&#39;");
        }

        private static String inline(String text) {
            StringBuilder result = new StringBuilder();
            String[] parts = text.split("`", -1);
            for (int i = 0; i < parts.length; i++) {
                result.append(i % 2 == 1 ? "<code>" + escape(parts[i]) + "</code>" : escape(parts[i]));
            }
            return result.toString();
        }

        @Override
        public void title(String text) {
            title = text;
            body.append("<h1>").append(escape(text)).append("</h1>\n");
        }

        @Override
        public void heading(String text) {
            body.append("<h2>").append(escape(text)).append("</h2>\n");
        }

        @Override
        public void paragraph(String text) {
            body.append("<p>").append(inline(text)).append("</p>\n");
        }

        @Override
        public void facts(List<String[]> facts) {
            body.append("<dl>\n");
            for (String[] fact : facts) {
                body.append("  <dt>").append(escape(fact[0])).append("</dt><dd>").append(escape(fact[1])).append("</dd>\n");
            }
            body.append("</dl>\n");
        }

        @Override
        public void table(List<String> header, List<List<String>> rows) {
            body.append("<table>\n  <thead><tr>");
            header.forEach(h -> body.append("<th>").append(escape(h)).append("</th>"));
            body.append("</tr></thead>\n  <tbody>\n");
            for (List<String> row : rows) {
                body.append("    <tr>");
                row.forEach(cell -> body.append("<td>").append(escape(cell)).append("</td>"));
                body.append("</tr>\n");
            }
            body.append("  </tbody>\n</table>\n");
        }

        @Override
        public void list(List<String> items) {
            if (items.isEmpty()) {
                return;
            }
            body.append("<ul>\n");
            items.forEach(item -> body.append("  <li>").append(inline(item)).append("</li>\n"));
            body.append("</ul>\n");
        }

        @Override
        public void code(String text) {
            body.append("<pre><code>").append(escape(text)).append("</code></pre>\n");
        }

        @Override
        public void footer(String text) {
            body.append("<hr>\n<footer>").append(escape(text)).append("</footer>\n");
        }

        @Override
        public String finish() {
            return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + escape(title)
                    + "</title>\n<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;"
                    + "padding:0 1rem;line-height:1.5}table{border-collapse:collapse;width:100%}th,td{border:1px solid "
                    + "#ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}th{background:#f4f4f4}dt{font-weight:"
                    + "600;float:left;clear:left;width:10rem}dd{margin-left:11rem}pre{background:#f6f8fa;padding:.6rem;"
                    + "overflow:auto}footer{color:#666;font-size:.85rem}</style>\n</head>\n<body>\n" + body
                    + "</body>\n</html>\n";
        }
    }
}
