package org.meshwork.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.meshwork.api.InvalidArgumentException;
import org.meshwork.catalog.docs.DocsFormat;

/** The small parsers of the catalog and governance routes: the docs format by Accept, the audit's since. */
class GovernanceParametersTest {

    @Test
    void docsFollowAcceptByQualityWithMarkdownByDefault() {
        assertThat(CatalogRoutes.docsFormat(null)).isEqualTo(DocsFormat.MD);
        assertThat(CatalogRoutes.docsFormat("*/*")).isEqualTo(DocsFormat.MD);
        assertThat(CatalogRoutes.docsFormat("text/html,application/xhtml+xml,*/*;q=0.8")).isEqualTo(DocsFormat.HTML);
        assertThat(CatalogRoutes.docsFormat("text/html;q=0.5, text/markdown")).isEqualTo(DocsFormat.MD);
        assertThatThrownBy(() -> CatalogRoutes.docsFormat("application/pdf"))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("Accept");
        assertThatThrownBy(() -> CatalogRoutes.docsFormat("text/html;q=x"))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("quality");
    }

    @Test
    void sinceIsAnInstantOrADate() {
        assertThat(GovernanceRoutes.instant("2026-11-24T20:00:00Z")).isEqualTo(Instant.parse("2026-11-24T20:00:00Z"));
        assertThat(GovernanceRoutes.instant("2026-11-24")).isEqualTo(Instant.parse("2026-11-24T00:00:00Z"));
        assertThatThrownBy(() -> GovernanceRoutes.instant("yesterday"))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("'since'");
    }
}
