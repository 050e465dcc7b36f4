package org.meshwork.table.delta;

import io.delta.storage.HDFSLogStore;
import java.io.IOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * The Delta log store for local files. Delta's commit protocol needs "create this file only if it does not exist" as
 * one atomic step. Hadoop's local file system cannot rename without replacing, so the stock store checks and renames
 * in two steps, guarded only by a lock inside one store instance; two writers (threads or processes) could then both
 * "win" the same version. This store writes the commit to a temporary file, forces it to disk, and publishes it with a
 * hard link, which the operating system refuses atomically when the target exists.
 */
public final class LocalFileLogStore extends HDFSLogStore {

    public LocalFileLogStore(Configuration hadoopConf) {
        super(hadoopConf);
    }

    @Override
    public void write(Path path, Iterator<String> actions, Boolean overwrite, Configuration hadoopConf)
            throws IOException {
        if (overwrite || !"file".equals(path.toUri().getScheme())) {
            super.write(path, actions, overwrite, hadoopConf);
            return;
        }
        java.nio.file.Path target = Paths.get(path.toUri());
        java.nio.file.Path temporary = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    Writer writer = Channels.newWriter(channel, StandardCharsets.UTF_8)) {
                while (actions.hasNext()) {
                    writer.write(actions.next());
                    writer.write('\n');
                }
                writer.flush();
                channel.force(true);
            }
            Files.createLink(target, temporary);
        } catch (FileAlreadyExistsException e) {
            throw new FileAlreadyExistsException(path.toString());
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
