package org.meshwork.governance.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.meshwork.api.InvalidArgumentException;
import org.meshwork.api.query.Operator;
import org.meshwork.api.query.Predicate;

class RowFilterParserTest {

    @Test
    void parsesEveryOperatorIntoPredicates() {
        List<Predicate> predicates = RowFilterParser.parse("region = 'EU' and amount >= 100 AND amount < -2.5"
                + " AND status != 'x''y' AND kind <> 'a' AND a <= 1 AND b > 2 AND country IN ('FR', 'DE')"
                + " AND c NOT IN ('z') AND email LIKE '%@acme.com' AND n NOT LIKE 'a%' AND m ILIKE 'A%'"
                + " AND d IS NULL AND e is not null AND \"odd name\" = 'q'", "--where");
        assertThat(predicates).containsExactly(
                Predicate.of("region", Operator.EQ, "EU"),
                Predicate.of("amount", Operator.GTE, "100"),
                Predicate.of("amount", Operator.LT, "-2.5"),
                Predicate.of("status", Operator.NEQ, "x'y"),
                Predicate.of("kind", Operator.NEQ, "a"),
                Predicate.of("a", Operator.LTE, "1"),
                Predicate.of("b", Operator.GT, "2"),
                Predicate.of("country", Operator.IN, "FR", "DE"),
                new Predicate("c", Operator.IN, List.of("z"), true),
                Predicate.of("email", Operator.LIKE, "%@acme.com"),
                new Predicate("n", Operator.LIKE, List.of("a%"), true),
                Predicate.of("m", Operator.ILIKE, "A%"),
                Predicate.of("d", Operator.IS_NULL),
                Predicate.of("e", Operator.IS_NOT_NULL),
                Predicate.of("odd name", Operator.EQ, "q"));
    }

    @Test
    void anInjectionAttemptIsJustAValueOrAnError() {
        assertThat(RowFilterParser.parse("region = 'EU'' OR 1=1 --'", "--where"))
                .containsExactly(Predicate.of("region", Operator.EQ, "EU' OR 1=1 --"));
        assertError("region = 'EU' OR 1 = 1", "at position 15: expected AND or the end of the filter");
        assertError("region = 'EU'; DROP TABLE x", "at position 14: expected AND");
    }

    @Test
    void errorsNameThePositionAndWhatWasExpected() {
        assertError("", "at position 1: expected a condition");
        assertError("region 'EU'", "at position 8: expected an operator");
        assertError("region = EU", "at position 10: expected a value: text in single quotes");
        assertError("region = 'EU", "at position 10: the text value is not closed");
        assertError("region IN 'EU'", "at position 11: expected ( to start the list of IN");
        assertError("region IN ('EU' 'FR')", "at position 17: expected , or ) in the list of IN");
        assertError("region IS 'x'", "at position 11: expected NULL after IS");
        assertError("region NOT = 'x'", "at position 12: expected IN, LIKE or ILIKE after NOT");
        assertError("= 'x'", "at position 1: expected a column name");
        assertError("region = 'EU' AND", "at position 18: expected a column name");
    }

    private static void assertError(String filter, String message) {
        assertThatThrownBy(() -> RowFilterParser.parse(filter, "--where"))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageStartingWith("--where \"" + filter + "\": ")
                .hasMessageContaining(message);
    }
}
