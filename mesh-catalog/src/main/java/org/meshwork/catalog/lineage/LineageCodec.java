package org.meshwork.catalog.lineage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.meshwork.api.ErrorCode;
import org.meshwork.api.MeshException;
import org.meshwork.api.ProductId;
import org.meshwork.api.lineage.ColumnDerivation;
import org.meshwork.api.lineage.ColumnRef;
import org.meshwork.api.lineage.DerivationKind;
import org.meshwork.api.lineage.TransformLineage;

/** The stored JSON form of a {@link ProductLineage} (what the lineage store keeps per descriptor version and run). */
public final class LineageCodec {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LineageCodec() {}

    public static String encode(ProductLineage lineage) {
        ObjectNode root = JSON.createObjectNode();
        root.put("product", lineage.product().toString());
        root.put("descriptor_version", lineage.descriptorVersion());
        root.put("domain", lineage.domain());
        ArrayNode inputs = root.putArray("inputs");
        for (LineageInput input : lineage.inputs()) {
            ObjectNode node = inputs.addObject();
            node.put("source", input.source());
            node.put("kind", input.kind().name());
            node.put("node", input.node());
            node.put("label", input.label());
        }
        TransformLineage transform = lineage.transform();
        ArrayNode datasets = root.putArray("datasets");
        transform.datasets().forEach(datasets::add);
        ArrayNode columns = root.putArray("columns");
        for (ColumnDerivation derivation : transform.columns()) {
            ObjectNode column = columns.addObject();
            column.put("column", derivation.column());
            column.put("kind", derivation.kind().name());
            derivation.unsupported().ifPresent(reason -> column.put("unsupported", reason));
            ArrayNode from = column.putArray("inputs");
            for (ColumnRef ref : derivation.inputs()) {
                from.addObject().put("dataset", ref.dataset()).put("column", ref.column());
            }
        }
        ArrayNode notes = root.putArray("notes");
        transform.notes().forEach(notes::add);
        return root.toString();
    }

    public static ProductLineage decode(String json) {
        try {
            JsonNode root = JSON.readTree(json);
            List<LineageInput> inputs = new ArrayList<>();
            for (JsonNode input : root.path("inputs")) {
                inputs.add(new LineageInput(input.path("source").asText(), NodeKind.valueOf(input.path("kind").asText()),
                        input.path("node").asText(), input.path("label").asText()));
            }
            List<String> datasets = new ArrayList<>();
            root.path("datasets").forEach(d -> datasets.add(d.asText()));
            List<ColumnDerivation> columns = new ArrayList<>();
            for (JsonNode column : root.path("columns")) {
                List<ColumnRef> refs = new ArrayList<>();
                column.path("inputs").forEach(r -> refs.add(new ColumnRef(r.path("dataset").asText(), r.path("column").asText())));
                columns.add(new ColumnDerivation(column.path("column").asText(), refs,
                        DerivationKind.valueOf(column.path("kind").asText()),
                        column.has("unsupported") ? Optional.of(column.path("unsupported").asText()) : Optional.empty()));
            }
            List<String> notes = new ArrayList<>();
            root.path("notes").forEach(n -> notes.add(n.asText()));
            return new ProductLineage(ProductId.parse(root.path("product").asText()),
                    root.path("descriptor_version").asLong(), root.path("domain").asText(), inputs,
                    new TransformLineage(datasets, columns, notes));
        } catch (IOException | RuntimeException e) {
            throw new MeshException(ErrorCode.INTERNAL, "stored lineage cannot be read (" + e.getMessage()
                    + "); run `mesh catalog reindex` to derive it again", e);
        }
    }
}
