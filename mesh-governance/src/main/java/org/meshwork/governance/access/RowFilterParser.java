package org.meshwork.governance.access;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.meshwork.api.InvalidArgumentException;
import org.meshwork.api.query.Operator;
import org.meshwork.api.query.Predicate;

/**
 * Parses a grant's row filter, e.g. {@code region = 'EU' AND amount >= 100}, into {@link Predicate}s. The grammar is
 * small and strict on purpose — the result is never SQL text, the engine binds each value as a parameter:
 *
 * <pre>
 * filter    := condition ( AND condition )*
 * condition := column ( = | != | &lt;&gt; | &lt; | &lt;= | &gt; | &gt;= ) value
 *            | column [NOT] IN ( value [, value]* )
 *            | column [NOT] LIKE value | column [NOT] ILIKE value
 *            | column IS [NOT] NULL
 * column    := a name [A-Za-z_][A-Za-z0-9_]*, or one in double quotes
 * value     := 'text' (a quote inside doubled: '') | a number such as 42, -1.5
 * </pre>
 *
 * Keywords are case-insensitive. An error names the 1-based character position and what was expected there.
 */
public final class RowFilterParser {
    private final String text;
    private final String parameter;
    private int position;

    private RowFilterParser(String text, String parameter) {
        this.text = text;
        this.parameter = parameter;
    }

    /**
     * @param parameter how errors name the input, e.g. {@code --where}
     * @throws InvalidArgumentException naming the position of the first problem
     */
    public static List<Predicate> parse(String text, String parameter) {
        return new RowFilterParser(text == null ? "" : text, parameter).filter();
    }

    private List<Predicate> filter() {
        List<Predicate> predicates = new ArrayList<>();
        skipSpace();
        if (position == text.length()) {
            throw error("expected a condition such as region = 'EU', got nothing");
        }
        predicates.add(condition());
        skipSpace();
        while (position < text.length()) {
            if (!keyword("AND")) {
                throw error("expected AND or the end of the filter (conditions are joined with AND; OR is not"
                        + " supported: grant twice instead)");
            }
            predicates.add(condition());
            skipSpace();
        }
        return List.copyOf(predicates);
    }

    private Predicate condition() {
        skipSpace();
        String column = column();
        skipSpace();
        if (keyword("IS")) {
            boolean not = keyword("NOT");
            if (!keyword("NULL")) {
                throw error("expected NULL after IS" + (not ? " NOT" : ""));
            }
            return new Predicate(column, not ? Operator.IS_NOT_NULL : Operator.IS_NULL, List.of(), false);
        }
        boolean negated = keyword("NOT");
        if (keyword("IN")) {
            return new Predicate(column, Operator.IN, list(), negated);
        }
        if (keyword("LIKE")) {
            return new Predicate(column, Operator.LIKE, List.of(value()), negated);
        }
        if (keyword("ILIKE")) {
            return new Predicate(column, Operator.ILIKE, List.of(value()), negated);
        }
        if (negated) {
            throw error("expected IN, LIKE or ILIKE after NOT");
        }
        Operator operator = comparison();
        return new Predicate(column, operator, List.of(value()), false);
    }

    private Operator comparison() {
        skipSpace();
        String[] symbols = {"<=", ">=", "!=", "<>", "=", "<", ">"};
        Operator[] operators = {Operator.LTE, Operator.GTE, Operator.NEQ, Operator.NEQ, Operator.EQ, Operator.LT,
            Operator.GT};
        for (int i = 0; i < symbols.length; i++) {
            if (text.startsWith(symbols[i], position)) {
                position += symbols[i].length();
                return operators[i];
            }
        }
        throw error("expected an operator (=, !=, <, <=, >, >=, IN, LIKE, ILIKE, IS [NOT] NULL)");
    }

    private List<String> list() {
        skipSpace();
        if (!consume('(')) {
            throw error("expected ( to start the list of IN");
        }
        List<String> values = new ArrayList<>();
        values.add(value());
        skipSpace();
        while (consume(',')) {
            values.add(value());
            skipSpace();
        }
        if (!consume(')')) {
            throw error("expected , or ) in the list of IN");
        }
        return values;
    }

    private String column() {
        int start = position;
        if (consume('"')) {
            int end = text.indexOf('"', position);
            if (end < 0) {
                position = start;
                throw error("the quoted column name is not closed with \"");
            }
            String name = text.substring(position, end);
            if (name.isEmpty()) {
                throw error("the quoted column name is empty");
            }
            position = end + 1;
            return name;
        }
        while (position < text.length() && (Character.isLetterOrDigit(text.charAt(position))
                || text.charAt(position) == '_') && text.charAt(position) < 128) {
            position++;
        }
        String name = text.substring(start, position);
        if (name.isEmpty() || Character.isDigit(name.charAt(0))) {
            position = start;
            throw error("expected a column name");
        }
        return name;
    }

    private String value() {
        skipSpace();
        int start = position;
        if (consume('\'')) {
            StringBuilder value = new StringBuilder();
            while (position < text.length()) {
                char c = text.charAt(position++);
                if (c == '\'') {
                    if (position < text.length() && text.charAt(position) == '\'') {
                        value.append('\'');
                        position++;
                    } else {
                        return value.toString();
                    }
                } else {
                    value.append(c);
                }
            }
            position = start;
            throw error("the text value is not closed with '");
        }
        if (position < text.length() && text.charAt(position) == '-') {
            position++;
        }
        int digits = position;
        while (position < text.length() && (Character.isDigit(text.charAt(position)) || text.charAt(position) == '.')) {
            position++;
        }
        String number = text.substring(start, position);
        if (position == digits || !number.matches("-?\\d+(\\.\\d+)?")) {
            position = start;
            throw error("expected a value: text in single quotes ('EU') or a number (42)");
        }
        return number;
    }

    private boolean keyword(String word) {
        skipSpace();
        int end = position + word.length();
        if (end <= text.length() && text.substring(position, end).toUpperCase(Locale.ROOT).equals(word)
                && (end == text.length() || !Character.isLetterOrDigit(text.charAt(end)) && text.charAt(end) != '_')) {
            position = end;
            return true;
        }
        return false;
    }

    private boolean consume(char c) {
        if (position < text.length() && text.charAt(position) == c) {
            position++;
            return true;
        }
        return false;
    }

    private void skipSpace() {
        while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
            position++;
        }
    }

    private InvalidArgumentException error(String message) {
        return new InvalidArgumentException(parameter + " \"" + text + "\": at position " + (position + 1) + ": " + message);
    }
}
