package org.meshwork.platform.serving;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.TreeMap;
import org.meshwork.api.ErrorCode;
import org.meshwork.api.MeshException;
import org.meshwork.api.ProductId;
import org.meshwork.api.audit.AuditEvent;
import org.meshwork.api.audit.AuditLog;

/**
 * Appends audit events as JSON lines to a file of the workspace ({@code audit/reads.ndjson}), under an OS file lock so
 * the CLI and a server can append at once. A stand-in until the tamper-evident audit log in the metadata store lands
 * (access control's work), so that embedded reads are recorded from the first day.
 */
public final class FileAuditLog implements AuditLog {
    public static final String FILE = "audit/reads.ndjson";

    private final Path file;
    private final ObjectMapper json = new ObjectMapper();

    public FileAuditLog(Path file) {
        this.file = file;
    }

    public static FileAuditLog inWorkspace(Path home) {
        return new FileAuditLog(home.resolve(FILE));
    }

    @Override
    public synchronized void append(AuditEvent event) {
        ObjectNode line = json.createObjectNode();
        line.put("at", event.at().toString());
        line.put("actor", event.actor().value());
        line.put("action", event.action());
        line.put("product", event.product().map(ProductId::toString).orElse(null));
        line.put("outcome", event.outcome());
        line.set("details", json.valueToTree(new TreeMap<>(event.details())));
        line.put("client_address", event.clientAddress().orElse(null));
        byte[] bytes;
        try {
            bytes = (json.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
            Files.createDirectories(file.getParent());
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
                    FileLock lock = channel.lock()) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }
        } catch (IOException e) {
            throw new MeshException(ErrorCode.INTERNAL, "cannot append to the audit log " + file + ": " + e.getMessage(), e);
        }
    }
}
