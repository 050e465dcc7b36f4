package org.meshwork.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Help.Ansi;

/**
 * How commands print: colour only on a terminal (and never with {@code --no-color} or {@code NO_COLOR}), aligned
 * tables for people, JSON for machines.
 */
public final class Output {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final PrintWriter out;
    private final Ansi ansi;

    public Output(PrintWriter out, boolean colour) {
        this.out = out;
        this.ansi = colour ? Ansi.AUTO : Ansi.OFF;
    }

    public PrintWriter writer() {
        return out;
    }

    public void line(String text) {
        out.println(text);
    }

    public void line() {
        out.println();
    }

    /** Prints {@code text} in a picocli markup style (e.g. {@code bold,green}) when colour is on. */
    public String style(String style, String text) {
        if (ansi == Ansi.OFF || !ansi.enabled()) {
            return text;
        }
        return ansi.string("@|" + style + " " + text.replace("|@", "| @") + "|@");
    }

    public void json(Object value) {
        try {
            out.println(JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Prints rows as a table whose columns are as wide as their widest cell. */
    public void table(List<String> header, List<List<String>> rows) {
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        int[] widths = new int[header.size()];
        for (List<String> row : all) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        for (int r = 0; r < all.size(); r++) {
            StringBuilder line = new StringBuilder();
            List<String> row = all.get(r);
            for (int i = 0; i < row.size(); i++) {
                String cell = i == row.size() - 1 ? row.get(i) : String.format("%-" + widths[i] + "s  ", row.get(i));
                line.append(cell);
            }
            String text = line.toString().stripTrailing();
            out.println(r == 0 ? style("bold", text) : text);
        }
    }
}
