package org.meshwork.server.ui;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.meshwork.api.DomainName;
import org.meshwork.api.ProductId;
import org.meshwork.api.descriptor.ColumnSpec;
import org.meshwork.api.descriptor.SourceSpec;
import org.meshwork.platform.product.ProductDefinition;
import org.meshwork.platform.product.ProductRepository;

/**
 * Test lineage read from the descriptors' sources (the catalog derives it for real, with column lineage parsed from
 * the transform SQL); here a column maps to the same-named column of an input product.
 */
final class DescriptorLineageGraph implements LineageGraph {
    private final ProductRepository products;

    DescriptorLineageGraph(ProductRepository products) {
        this.products = products;
    }

    @Override
    public Graph productLineage(ProductId focus, int depth) {
        Map<ProductId, ProductDefinition> all = new TreeMap<>();
        products.list().forEach(p -> all.put(p.id(), p.definition()));
        if (!all.containsKey(focus)) {
            throw new org.meshwork.api.NoSuchProductException(focus);
        }
        Map<String, Node> nodes = new LinkedHashMap<>();
        List<Edge> edges = new ArrayList<>();
        nodes.put(focus.toString(), Node.product(focus, all.get(focus).displayName()));
        Deque<ProductId> up = new ArrayDeque<>(List.of(focus));
        for (int level = 0; level < depth && !up.isEmpty(); level++) {
            Deque<ProductId> next = new ArrayDeque<>();
            for (ProductId id : up) {
                ProductDefinition d = all.get(id);
                for (SourceSpec source : d.sources()) {
                    if (source.product().isPresent() && all.containsKey(source.product().get())) {
                        ProductId input = source.product().get();
                        if (nodes.putIfAbsent(input.toString(), Node.product(input, all.get(input).displayName())) == null) {
                            next.add(input);
                        }
                        edges.add(new Edge(input.toString(), id.toString(), mappings(all.get(input), d)));
                    } else {
                        String system = source.system().orElse(source.name());
                        nodes.putIfAbsent(system, Node.system(system));
                        edges.add(new Edge(system, id.toString(), List.of()));
                    }
                }
            }
            up = next;
        }
        Deque<ProductId> down = new ArrayDeque<>(List.of(focus));
        for (int level = 0; level < depth && !down.isEmpty(); level++) {
            Deque<ProductId> next = new ArrayDeque<>();
            for (ProductId id : down) {
                for (ProductDefinition reader : all.values()) {
                    if (reader.sources().stream().anyMatch(s -> s.product().map(id::equals).orElse(false))) {
                        if (nodes.putIfAbsent(reader.id().toString(), Node.product(reader.id(), reader.displayName())) == null) {
                            next.add(reader.id());
                        }
                        edges.add(new Edge(id.toString(), reader.id().toString(), mappings(all.get(id), reader)));
                    }
                }
            }
            down = next;
        }
        return new Graph(focus, List.copyOf(nodes.values()), edges);
    }

    private static List<ColumnMapping> mappings(ProductDefinition input, ProductDefinition output) {
        List<ColumnMapping> mappings = new ArrayList<>();
        for (ColumnSpec column : output.schema().columns()) {
            if (input.schema().column(column.name()).isPresent()) {
                mappings.add(new ColumnMapping(column.name(), List.of(column.name()), ""));
            }
        }
        return mappings;
    }

    @Override
    public List<DomainEdge> domainGraph() {
        Map<String, List<ProductId>> edges = new TreeMap<>();
        for (var product : products.list()) {
            for (SourceSpec source : product.definition().sources()) {
                source.product().filter(p -> !p.domain().equals(product.id().domain())).ifPresent(p ->
                        edges.computeIfAbsent(p.domain().value() + ">" + product.id().domain().value(), k -> new ArrayList<>()).add(p));
            }
        }
        List<DomainEdge> result = new ArrayList<>();
        edges.forEach((key, read) -> {
            String[] parts = key.split(">");
            result.add(new DomainEdge(DomainName.of(parts[0]), DomainName.of(parts[1]), read.stream().distinct().toList()));
        });
        return result;
    }
}
