package dev.preflight.core.edit;

import dev.preflight.core.report.ErrorCode;
import dev.preflight.core.report.PreflightException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Set;

/**
 * One editor per card at a time, across processes (the CLI, a second CLI, the desktop app) and
 * threads. The lock is an OS file lock on a small file named after the card's real path, in a folder
 * shared by every user of this machine; the holder writes its process id into it so a second editor
 * can say who has the card. A crashed holder's lock is released by the OS. The card itself is never
 * locked with a file lock: closing any other handle on it would silently release the lock.
 */
public final class CardLock implements Closeable {
    private static final Set<String> HELD_HERE = new HashSet<>();

    private final String key;
    private final FileChannel channel;
    private final FileLock lock;

    private CardLock(String key, FileChannel channel, FileLock lock) {
        this.key = key;
        this.channel = channel;
        this.lock = lock;
    }

    /** How long a second editor waits before giving up (milliseconds; {@code preflight.lockWaitMillis}). */
    static long waitMillis() {
        return Long.getLong("preflight.lockWaitMillis", 3000);
    }

    /**
     * Takes the lock for {@code target} (an image, card or folder), waiting briefly.
     *
     * @throws PreflightException (INCOMPLETE, exit 3) when another editor keeps it
     */
    public static CardLock acquire(Path target, String display) {
        String key;
        try {
            key = target.toRealPath().toString();
        } catch (IOException e) {
            key = target.toAbsolutePath().normalize().toString();
        }
        Path file = lockFile(key);
        long deadline = System.nanoTime() + waitMillis() * 1_000_000;
        while (true) {
            boolean mine;
            synchronized (HELD_HERE) {
                mine = HELD_HERE.add(key);
            }
            if (mine) {
                FileChannel ch = null;
                try {
                    ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                            StandardOpenOption.WRITE);
                    FileLock l = ch.tryLock();
                    if (l != null) {
                        ch.truncate(0);
                        ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
                        return new CardLock(key, ch, l);
                    }
                } catch (OverlappingFileLockException e) {
                    // held through another channel of this process: treated as busy
                } catch (IOException e) {
                    release(key, ch);
                    throw new PreflightException(ErrorCode.INCOMPLETE, "Could not take the edit lock for " + display
                            + " (" + file + ": " + e.getMessage() + ").", "Check that " + file.getParent()
                            + " is writable by you, then try again.", e);
                }
                release(key, ch);
            }
            if (System.nanoTime() > deadline) {
                String pid = mine ? holder(file) : String.valueOf(ProcessHandle.current().pid());
                throw new PreflightException(ErrorCode.INCOMPLETE, display + " is being edited by another Preflight"
                        + (pid == null ? "" : " (pid " + pid + ")") + "; nothing was written.",
                        "Wait for that edit to finish, then try again.");
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PreflightException(ErrorCode.CANCELLED, "Cancelled while waiting for " + display + ".", null);
            }
        }
    }

    private static void release(String key, FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // the lock goes with the channel
            }
        }
        synchronized (HELD_HERE) {
            HELD_HERE.remove(key);
        }
    }

    private static String holder(Path file) {
        try {
            String s = Files.readString(file, StandardCharsets.US_ASCII).strip();
            return s.matches("\\d{1,10}") ? s : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The lock file for a card's real path, in a folder every user of the machine can use. */
    static Path lockFile(String key) {
        Path dir = Path.of(System.getProperty("preflight.lockDir",
                Path.of(System.getProperty("java.io.tmpdir"), "preflight-locks").toString()));
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                try {
                    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
                } catch (UnsupportedOperationException | IOException e) {
                    // not POSIX (Windows): the folder's default access applies
                }
            }
        } catch (IOException e) {
            // reported when the lock file cannot be opened
        }
        return dir.resolve(Identity.hash(key) + ".lock");
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it too
        }
        release(key, channel);
    }
}
