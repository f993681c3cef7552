package dev.preflight.core.fat;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/** A boot partition the OS has mounted, read as a folder. */
public final class FolderBootFileSystem implements BootFileSystem {
    private final Path root;
    private final List<BootFile> files = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    public FolderBootFileSystem(Path root) throws IOException {
        this.root = root;
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return files.size() >= FatVolume.MAX_ENTRIES ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile()) {
                    files.add(new BootFile(relative(file), attrs.size()));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) {
                problems.add(relative(file) + " could not be read (" + exc.getMessage() + ")");
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private String relative(Path file) {
        return root.relativize(file).toString().replace('\\', '/');
    }

    @Override
    public String label() {
        Path name = root.toAbsolutePath().normalize().getFileName();
        return name == null ? root.toString() : name.toString();
    }

    @Override
    public String type() {
        return "folder";
    }

    @Override
    public List<BootFile> files() {
        return List.copyOf(files);
    }

    @Override
    public List<String> problems() {
        return List.copyOf(problems);
    }

    @Override
    public byte[] read(String path, int maxBytes) throws IOException {
        String want = path.startsWith("/") ? path.substring(1) : path;
        for (BootFile f : files) {
            if (f.path().equalsIgnoreCase(want)) {
                if (f.size() > maxBytes) {
                    throw new TooLarge(path, f.size(), maxBytes);
                }
                return Files.readAllBytes(root.resolve(f.path()));
            }
        }
        return null;
    }
}
