package dev.preflight.core.image;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;

/**
 * What {@link ImageOpener} opened: either a byte-addressed disk ({@link #bytes()} non-null) or a
 * mounted boot partition folder ({@link #folder()} non-null).
 */
public record OpenedInput(String path, SourceKind kind, Compression compression, String innerName,
                          ByteSource bytes, Path folder) implements Closeable {

    /** Size of the disk in bytes, -1 when not known (compressed stream, folder). */
    public long size() {
        return bytes == null ? -1 : bytes.size();
    }

    @Override
    public void close() throws IOException {
        if (bytes != null) {
            bytes.close();
        }
    }
}
