package org.meshwork.platform.serving;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultWriterTest {

    /** Rows from a list, counting how far the writer pulled. */
    private static final class ListRows implements RowSource {
        private final List<ResultColumn> columns;
        private final List<List<Object>> rows;
        private int index = -1;

        ListRows(List<String> names, List<List<Object>> rows) {
            this.columns = names.stream().map(name -> new ResultColumn(name, "X")).toList();
            this.rows = rows;
        }

        @Override
        public List<ResultColumn> columns() {
            return columns;
        }

        @Override
        public boolean next() {
            return ++index < rows.size();
        }

        @Override
        public Object value(int column) {
            return rows.get(index).get(column);
        }
    }

    private static String write(ResultFormat format, List<String> names, long limit, List<Object>... rows)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ResultWriter.write(format, new ListRows(names, Arrays.asList(rows)), out, limit);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void jsonKeepsNumbersExactAndSpellsWhatJsonCannot() throws IOException {
        Map<String, Object> struct = new LinkedHashMap<>();
        struct.put("a", 1);
        List<Object> row = new ArrayList<>(Arrays.asList(new BigDecimal("12345678901234567890.10"),
                9007199254740993L, new BigInteger("170141183460469231731687303715884105727"), Double.NaN,
                Double.NEGATIVE_INFINITY, 0.1, null, LocalDateTime.of(2026, 1, 2, 3, 4, 5),
                OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 0, ZoneOffset.ofHours(2)), LocalDate.of(2026, 1, 2),
                new byte[] {1, 2}, List.of(1, 2), struct, "a\"b\n"));
        String json = write(ResultFormat.JSON, List.of("d", "l", "h", "nan", "inf", "f", "n", "ts", "tz", "date", "bin",
                "list", "struct", "s"), 10, row);

        assertThat(json).isEqualTo("[{\"d\":12345678901234567890.10,\"l\":9007199254740993,"
                + "\"h\":170141183460469231731687303715884105727,\"nan\":\"NaN\",\"inf\":\"-Infinity\",\"f\":0.1,"
                + "\"n\":null,\"ts\":\"2026-01-02T03:04:05\",\"tz\":\"2026-01-02T01:04:05Z\",\"date\":\"2026-01-02\","
                + "\"bin\":\"AQI=\",\"list\":[1,2],\"struct\":{\"a\":1},\"s\":\"a\\\"b\\n\"}]");
    }

    @Test
    void ndjsonWritesOneObjectPerLineAndStopsAtTheLimit() throws IOException {
        assertThat(write(ResultFormat.NDJSON, List.of("x"), 2, List.of(1), List.of(2), List.of(3)))
                .isEqualTo("{\"x\":1}\n{\"x\":2}\n");
        assertThat(write(ResultFormat.JSON, List.of("x"), 5)).isEqualTo("[]");
    }

    @Test
    void csvQuotesAsRfc4180SaysAndTellsNullFromEmpty() throws IOException {
        List<Object> row = new ArrayList<>(Arrays.asList("a,b", "say \"hi\"", "two\nlines", "", null,
                new BigDecimal("1E+3"), List.of("x", "y")));
        assertThat(write(ResultFormat.CSV, List.of("c,1", "q", "nl", "empty", "null", "dec", "list"), 10, row))
                .isEqualTo("\"c,1\",q,nl,empty,null,dec,list\r\n\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"\",,1000,"
                        + "\"[\"\"x\"\",\"\"y\"\"]\"\r\n");
    }
}
