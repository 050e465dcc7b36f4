package org.meshwork.platform.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.meshwork.api.ProductId;
import org.meshwork.platform.schedule.RunInProgressException;

/**
 * At most one run of a product at a time, across threads and processes: an exclusive lock on
 * {@code locks/<product id>.lock} in the workspace. The operating system releases it when the process dies, so a
 * killed run never leaves a product locked. Table maintenance (the retention job) takes the same lock.
 */
public final class ProductRunLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private ProductRunLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** @throws org.meshwork.platform.schedule.RunInProgressException when a run (or table maintenance) holds it */
    public static ProductRunLock acquire(Path lockDirectory, ProductId id) {
        try {
            Files.createDirectories(lockDirectory);
            FileChannel channel = FileChannel.open(lockDirectory.resolve(id + ".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new RunInProgressException(id);
            }
            return new ProductRunLock(channel, lock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + id + " for a run: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
