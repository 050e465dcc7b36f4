package org.meshwork.platform.serving;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A read's output, which passes nothing on before the read is in the audit log. Up to {@code holdBytes} are held until
 * the result is complete: its audit entry (with the rows returned) is appended first, then the bytes are
 * {@link #release() released}. A result that outgrows the hold streams instead, but only after {@code beforeFirstByte}
 * has recorded that the read started; an entry that cannot be appended throws, and nothing leaves.
 */
final class AuditedOutput extends OutputStream {
    private final OutputStream out;
    private final int holdBytes;
    private final Runnable beforeFirstByte;
    private ByteArrayOutputStream held = new ByteArrayOutputStream(8192);

    AuditedOutput(OutputStream out, int holdBytes, Runnable beforeFirstByte) {
        this.out = out;
        this.holdBytes = holdBytes;
        this.beforeFirstByte = beforeFirstByte;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        if (held != null) {
            if (held.size() + length <= holdBytes) {
                held.write(bytes, offset, length);
                return;
            }
            beforeFirstByte.run();
            ByteArrayOutputStream start = held;
            held = null;
            start.writeTo(out);
        }
        out.write(bytes, offset, length);
    }

    /** Passes on what is held; called once the read's audit entry is committed. */
    void release() throws IOException {
        if (held != null) {
            ByteArrayOutputStream rest = held;
            held = null;
            rest.writeTo(out);
        }
    }

    /** A flush while bytes are held is not passed on: it would send nothing, or commit an HTTP response too early. */
    @Override
    public void flush() throws IOException {
        if (held == null) {
            out.flush();
        }
    }

    /** The output belongs to the caller, who closes it. */
    @Override
    public void close() {}
}
