package org.meshwork.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.meshwork.api.InvalidArgumentException;
import org.meshwork.platform.serving.ResultColumn;
import org.meshwork.platform.serving.ResultFormat;
import org.meshwork.platform.serving.ResultStream;

/**
 * Writes a governed result for {@code mesh get} and {@code mesh query}: as a table on the terminal (a bounded number of
 * rows), or streamed as CSV, JSON or NDJSON to standard output, or to {@code --output FILE} in any format including
 * Parquet. A file is written under a temporary name beside it and moved into place only when the whole result was
 * written, so a failed read leaves no half-written file.
 */
final class ResultPrinter {
    static final String TABLE = "table";

    private ResultPrinter() {}

    /** Checks the format and output combination before anything runs. */
    static void check(String format, Path output, List<String> allowed) {
        InvalidArgumentException.check(allowed.contains(format), "--format '%s' is not one of %s", format,
                String.join(", ", allowed));
        InvalidArgumentException.check(!(format.equals("parquet") && output == null),
                "--format parquet writes binary data: give --output FILE");
        InvalidArgumentException.check(!(format.equals(TABLE) && output != null),
                "--format table is for the terminal: use csv, json, ndjson or parquet with --output");
    }

    /** Writes the result; returns the number of rows. */
    static long print(ResultStream stream, String format, Path output, Output terminal) throws IOException {
        if (format.equals(TABLE)) {
            return table(stream, terminal);
        }
        ResultFormat resultFormat = ResultFormat.fromLabel(format.toLowerCase(Locale.ROOT)).orElseThrow();
        if (output == null) {
            PrintWriter writer = terminal.writer();
            long rows;
            try (OutputStream out = new WriterOutputStream(writer)) {
                rows = stream.writeTo(resultFormat, out);
            }
            if (resultFormat == ResultFormat.JSON) {
                writer.println();
            }
            writer.flush();
            return rows;
        }
        Path target = output.toAbsolutePath();
        Path directory = target.getParent();
        Files.createDirectories(directory);
        Path temporary = Files.createTempFile(directory, "." + target.getFileName(), ".partial");
        try {
            long rows;
            try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(temporary), 1 << 16)) {
                rows = stream.writeTo(resultFormat, out);
            }
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return rows;
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static long table(ResultStream stream, Output terminal) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        long rows = stream.writeTo(ResultFormat.NDJSON, buffer);
        List<String> header = stream.columns().stream().map(ResultColumn::name).toList();
        List<List<String>> cells = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : buffer.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            JsonNode row = json.readTree(line);
            List<String> values = new ArrayList<>();
            Iterator<JsonNode> fields = row.elements();
            while (fields.hasNext()) {
                JsonNode value = fields.next();
                values.add(value.isNull() ? "NULL" : value.isValueNode() ? value.asText() : value.toString());
            }
            cells.add(values);
        }
        terminal.table(header, cells);
        return rows;
    }

    /** UTF-8 bytes to a character writer, for results written to the terminal. */
    private static final class WriterOutputStream extends OutputStream {
        private final PrintWriter writer;
        private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
        private final ByteBuffer pending = ByteBuffer.allocate(1 << 16);
        private final CharBuffer chars = CharBuffer.allocate(1 << 16);

        WriterOutputStream(PrintWriter writer) {
            this.writer = writer;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            while (length > 0) {
                int chunk = Math.min(length, pending.remaining());
                pending.put(bytes, offset, chunk);
                offset += chunk;
                length -= chunk;
                drain(false);
            }
        }

        private void drain(boolean end) {
            pending.flip();
            decoder.decode(pending, chars, end);
            chars.flip();
            writer.append(chars);
            chars.clear();
            pending.compact();
        }

        @Override
        public void flush() {
            writer.flush();
        }

        @Override
        public void close() {
            drain(true);
            writer.flush();
        }
    }
}
