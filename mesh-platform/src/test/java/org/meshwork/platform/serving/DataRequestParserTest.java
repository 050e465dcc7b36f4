package org.meshwork.platform.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.meshwork.platform.serving.ServingFixture.query;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.meshwork.api.InvalidArgumentException;
import org.meshwork.api.query.Operator;
import org.meshwork.api.query.Predicate;

class DataRequestParserTest {

    @Test
    void parsesEveryOperatorOfTheConvention() {
        DataRequest request = DataRequestParser.parse(query("country=eq.DE", "amount=gt.100", "amount=lte.200.5",
                "name=like.*son", "name=ilike.A*", "id=in.(1,2,\"3,4\")", "email=is.null", "email=not.is.null",
                "vip=is.true", "tier=not.in.(gold)", "n=neq.0", "n=gte.1", "n=lt.9"));

        assertThat(request.filters()).containsExactly(
                Predicate.of("country", Operator.EQ, "DE"), Predicate.of("amount", Operator.GT, "100"),
                Predicate.of("amount", Operator.LTE, "200.5"), Predicate.of("name", Operator.LIKE, "%son"),
                Predicate.of("name", Operator.ILIKE, "A%"), Predicate.of("id", Operator.IN, "1", "2", "3,4"),
                Predicate.of("email", Operator.IS_NULL), new Predicate("email", Operator.IS_NULL, List.of(), true),
                Predicate.of("vip", Operator.EQ, "true"), new Predicate("tier", Operator.IN, List.of("gold"), true),
                Predicate.of("n", Operator.NEQ, "0"), Predicate.of("n", Operator.GTE, "1"),
                Predicate.of("n", Operator.LT, "9"));
    }

    @Test
    void valuesMayContainDotsQuotesAndEqualsSigns() {
        assertThat(DataRequestParser.parseFilterArgument("note=eq.a.b='c'").values()).containsExactly("a.b='c'");
        assertThat(DataRequestParser.parseList("x", "(\"a\\\"b\",c)")).containsExactly("a\"b", "c");
    }

    @Test
    void parsesSelectOrderPagingAndTimeTravel() {
        DataRequest request = DataRequestParser.parse(query("select=id, amount", "order=amount.desc,id,x.asc.nullsfirst",
                "limit=10", "offset=20", "as_of=2026-11-24T10:00:00Z", "format=csv"));

        assertThat(request.select()).containsExactly("id", "amount");
        assertThat(request.order()).containsExactly(new SortKey("amount", true, true), new SortKey("id", false, false),
                new SortKey("x", false, true));
        assertThat(request.limit()).hasValue(10);
        assertThat(request.offset()).isEqualTo(20);
        assertThat(request.asOf()).contains(Instant.parse("2026-11-24T10:00:00Z"));
        assertThat(DataRequestParser.parse(query("as_of=2026-11-24")).asOf())
                .contains(Instant.parse("2026-11-24T00:00:00Z"));
        assertThat(DataRequestParser.parse(query("version=3")).version()).hasValue(3);
    }

    @Test
    void everyErrorNamesTheParameter() {
        assertError(query("amount=between.1"), "amount=between.1: unknown operator 'between'");
        assertError(query("amount=100"), "amount=100: write amount=op.value");
        assertError(query("id=in.1,2"), "write in.(a,b,c)");
        assertError(query("id=in.()"), "in.() needs at least one value");
        assertError(query("email=is.empty"), "'is' takes null, true or false");
        assertError(query("limit=ten"), "limit: 'ten' is not a whole number");
        assertError(query("offset=-5"), "offset: must not be negative");
        assertError(query("limit=1", "limit=2"), "limit: given 2 times");
        assertError(query("version=1", "as_of=2026-01-01"), "version, as_of: give one of them");
        assertError(query("as_of=yesterday"), "as_of: 'yesterday' is not a time");
        assertError(query("cursor=zzz"), "cursor: 'zzz' is not a cursor");
        assertError(query("order=id.sideways"), "order: 'sideways'");
        assertError(query("select=id,,x"), "select: 'id,,x' has an empty column name");
        assertError(query("select=id,id"), "select: column 'id' is named twice");
        assertThatThrownBy(() -> DataRequestParser.parseFilterArgument("limit=eq.3"))
                .hasMessageContaining("'limit' is a parameter, not a filter");
    }

    @Test
    void aCursorCarriesVersionAndOffset() {
        String cursor = new PageCursor(7, 300).encode();
        assertThat(PageCursor.decode(cursor)).isEqualTo(new PageCursor(7, 300));
        assertThat(DataRequestParser.parse(query("cursor=" + cursor)).cursor()).contains(cursor);
        assertError(query("cursor=" + cursor, "offset=3"), "cursor, offset: give one of them");
    }

    @Test
    void predicatesRenderBackInTheSameConvention() {
        for (String filter : List.of("country=eq.DE", "id=not.in.(1,\"2,3\")", "email=is.null", "email=not.is.null",
                "name=like.%son")) {
            assertThat(DataRequestParser.render(DataRequestParser.parseFilterArgument(filter))).isEqualTo(filter);
        }
    }

    private static void assertError(java.util.Map<String, List<String>> parameters, String message) {
        assertThatThrownBy(() -> DataRequestParser.parse(parameters)).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining(message);
    }
}
