package org.meshwork.platform.serving;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Map;
import org.meshwork.api.ProductId;
import org.meshwork.api.UserName;
import org.meshwork.platform.Mesh;

/**
 * Run in a JVM with a small heap by {@link StreamingReadIT}: reads a whole product through {@code mesh.data()} into an
 * output that only counts bytes, and prints the rows, the bytes and the most heap used.
 */
public final class StreamingReadMain {

    private StreamingReadMain() {}

    public static void main(String[] args) throws IOException {
        Path home = Path.of(args[0]);
        ProductId product = ProductId.parse(args[1]);
        ResultFormat format = ResultFormat.fromLabel(args[2]).orElseThrow();
        long[] bytes = {0};
        long[] maxUsed = {0};
        Runtime runtime = Runtime.getRuntime();
        OutputStream counting = new OutputStream() {
            @Override
            public void write(int b) {
                bytes[0]++;
            }

            @Override
            public void write(byte[] buffer, int offset, int length) {
                bytes[0] += length;
                maxUsed[0] = Math.max(maxUsed[0], runtime.totalMemory() - runtime.freeMemory());
            }
        };
        try (Mesh mesh = Mesh.open(home, Map.of());
                ResultStream stream = mesh.data().read(mesh.principal(UserName.of("olivia")), product,
                        DataRequest.all(), RequestContext.local())) {
            long rows = stream.writeTo(format, counting);
            System.out.println("rows=" + rows + " bytes=" + bytes[0] + " maxHeap=" + runtime.maxMemory()
                    + " maxUsed=" + maxUsed[0]);
        }
    }
}
