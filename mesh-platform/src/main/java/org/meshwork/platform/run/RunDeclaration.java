package org.meshwork.platform.run;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.meshwork.api.ProductId;
import org.meshwork.api.UserName;
import org.meshwork.api.descriptor.OrchestrationSpec;
import org.meshwork.api.descriptor.SourceSpec;
import org.meshwork.api.descriptor.SourceType;
import org.meshwork.platform.product.ProductRepository.VersionedProduct;

/**
 * What a product's current revision declares about running on its own: the facts a scheduled or upstream-triggered
 * run is authorised by. The revision was applied by a member of the domain's owner team (or a platform admin): its
 * {@code orchestration.schedule} and its {@code product} sources are the owners' standing request to run it then.
 *
 * @param revision the product's current revision
 * @param appliedBy who applied that revision
 * @param schedule its {@code orchestration.schedule}, as written
 * @param upstream the products it reads (its sources of type {@code product})
 */
public record RunDeclaration(ProductId product, long revision, UserName appliedBy, Optional<String> schedule,
        Set<ProductId> upstream) {

    public RunDeclaration {
        requireNonNull(product, "product is null");
        requireNonNull(appliedBy, "appliedBy is null");
        requireNonNull(schedule, "schedule is null");
        upstream = Set.copyOf(upstream);
    }

    /** The declaration of a stored product's current revision. */
    public static RunDeclaration of(VersionedProduct product) {
        Optional<String> schedule = product.definition().infrastructure().orchestration()
                .flatMap(OrchestrationSpec::schedule);
        Set<ProductId> upstream = product.definition().sources().stream()
                .filter(source -> source.type() == SourceType.PRODUCT)
                .map(SourceSpec::product)
                .flatMap(Optional::stream)
                .collect(Collectors.toUnmodifiableSet());
        return new RunDeclaration(product.id(), product.version(), product.stored().appliedBy(), schedule, upstream);
    }
}
