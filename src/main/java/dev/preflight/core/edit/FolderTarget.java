package dev.preflight.core.edit;

import dev.preflight.core.fat.BootFileSystem;
import dev.preflight.core.fat.FolderBootFileSystem;
import dev.preflight.core.image.ByteSource;
import java.io.IOException;
import java.nio.file.Path;

/** A mounted boot partition (a folder): written with {@link FolderWriter}, never following links. */
final class FolderTarget implements BootTarget {
    private final Path folder;

    FolderTarget(Path folder) {
        this.folder = folder;
    }

    @Override
    public byte[] read(String file) throws IOException {
        return FolderWriter.read(folder, file);
    }

    @Override
    public BootFileSystem files() throws IOException {
        return new FolderBootFileSystem(folder);
    }

    @Override
    public void replace(String file, byte[] content, byte[] before) throws IOException, EditException {
        FolderWriter.replace(folder, file, content, before);
    }

    @Override
    public void delete(String file) throws IOException, EditException {
        FolderWriter.delete(folder, file);
    }

    @Override
    public ByteSource disk() {
        return null;
    }

    @Override
    public void close() {
        // the folder stays where it is
    }
}
