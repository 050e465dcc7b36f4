package org.meshwork.server.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.meshwork.api.InvalidArgumentException;

class UiSessionTest {

    @Test
    void afterSignInOnlyLocalPathsAreFollowed() {
        assertThat(UiSession.safeNext("/products/dp.sales.orders/runs?limit=5")).isEqualTo("/products/dp.sales.orders/runs?limit=5");
        assertThat(UiSession.safeNext(null)).isEqualTo("/");
        assertThat(UiSession.safeNext("https://evil.example/")).isEqualTo("/");
        assertThat(UiSession.safeNext("//evil.example/")).isEqualTo("/");
        assertThat(UiSession.safeNext("/\\evil.example")).isEqualTo("/");
        assertThat(UiSession.safeNext("javascript:alert(1)")).isEqualTo("/");
    }

    @Test
    void pagingIsBoundedAndSaysWhichValueIsWrong() {
        Paging paging = new Paging(40, 20);
        assertThat(paging.next()).isEqualTo(new Paging(60, 20));
        assertThat(paging.previous()).isEqualTo(new Paging(20, 20));
        assertThat(new Paging(5, 20).previous()).isEqualTo(new Paging(0, 20));
        assertThatThrownBy(() -> new Paging(0, Paging.MAX_LIMIT + 1)).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("limit must be between 1 and 100");
        assertThatThrownBy(() -> new Paging(-1, 10)).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("offset");
    }

    @Test
    void searchLinksEncodeTextAndFacets() {
        assertThat(CatalogPages.searchHref("a&b c", java.util.Map.of("domain", "sales"), 20))
                .isEqualTo("/?q=a%26b+c&domain=sales&offset=20");
        assertThat(CatalogPages.searchHref("", java.util.Map.of(), 0)).isEqualTo("/?q=&all=1");
    }
}
