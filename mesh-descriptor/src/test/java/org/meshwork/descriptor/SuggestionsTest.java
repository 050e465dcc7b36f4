package org.meshwork.descriptor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
    @Test
    void suggestsTheClosestCandidate() {
        assertThat(Suggestions.didYouMean("treshold", List.of("name", "threshold", "column"))).contains("did you mean 'threshold'?");
        assertThat(Suggestions.closest("Dataproduct", List.of("Domain", "DataProduct"))).contains("DataProduct");
    }

    @Test
    void staysQuietWhenNothingIsClose() {
        assertThat(Suggestions.closest("warehouse", List.of("name", "threshold"))).isEmpty();
        assertThat(Suggestions.closest("name", List.of("name"))).isEmpty();
    }

    @Test
    void measuresEditDistance() {
        assertThat(Suggestions.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(Suggestions.distance("", "abc")).isEqualTo(3);
    }
}
