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
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * One editor per card at a time, across processes (the CLI, a second CLI, the desktop app), users and
 * threads. The lock is an OS file lock on a small file named after the medium — not its path: a card
 * reached as /dev/sdb or /dev/disk/by-id/…, an image and the loop device over it, a file and its hard
 * link all get the same lock — in a folder every user of the machine shares, made like /tmp (sticky:
 * nobody removes another user's lock file). Lock files are opened without following links and must be
 * regular files, so a link planted there cannot make a root-run Preflight write elsewhere. The holder
 * writes its process id into the file so a second editor can say who has the card; a crashed holder's
 * lock is released by the OS. The card itself is never file-locked: closing any other handle of the
 * process on it would silently release the lock.
 */
public final class CardLock implements Closeable {
    private static final Set<String> HELD_HERE = new HashSet<>();
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews()
            .contains("unix");

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
     * @throws PreflightException INCOMPLETE (exit 3) when another editor keeps it; UNREADABLE_INPUT (exit 2)
     *                            when the lock folder or file is not safe to use
     */
    public static CardLock acquire(Path target, String display) {
        String key = mediumKey(target);
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
                    ch = open(file);
                    FileLock l = ch.tryLock();
                    if (l != null) {
                        ch.truncate(0);
                        ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n")
                                .getBytes(StandardCharsets.US_ASCII)), 0);
                        return new CardLock(key, ch, l);
                    }
                } catch (OverlappingFileLockException e) {
                    // held through another channel of this process: treated as busy
                } catch (IOException e) {
                    release(key, ch);
                    String why = e instanceof AccessDeniedException ? "permission denied" : e.getMessage();
                    throw new PreflightException(ErrorCode.INCOMPLETE, "Could not take the edit lock for " + display
                            + " (" + file + ": " + why + ").", "Check that you may write " + file.getParent()
                            + " and " + file.getFileName() + " in it, then try again.", e);
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

    /** Opens the lock file without following links; it must be a regular file. */
    private static FileChannel open(Path file) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!a.isRegularFile()) {
            ch.close();
            throw unsafe(file, "it is not a regular file");
        }
        if (POSIX) {
            try {
                if ((int) Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS) == myUid()) {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
                }
            } catch (IOException | UnsupportedOperationException e) {
                // others may then not be able to lock this card: they are told so
            }
        }
        return ch;
    }

    /** This process's user id, or -1 off POSIX. */
    private static int myUid() {
        return SelfUid.VALUE;
    }

    private static final class SelfUid {
        static final int VALUE = read();

        private static int read() {
            try {
                Path probe = Files.createTempFile("preflight-uid", ".tmp");
                try {
                    return (int) Files.getAttribute(probe, "unix:uid");
                } finally {
                    Files.deleteIfExists(probe);
                }
            } catch (IOException | UnsupportedOperationException e) {
                return -1;
            }
        }
    }

    private static PreflightException unsafe(Path where, String why) {
        return new PreflightException(ErrorCode.UNREADABLE_INPUT, "The edit lock " + where + " is not safe to use ("
                + why + "); nothing was written.", "Remove it (someone may have planted it), then try again.");
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

    /**
     * What identifies the medium: a block device by its device number (a loop device by the file behind it),
     * a file or folder by its file system and inode (hard links and bind mounts included), else its real path.
     */
    static String mediumKey(Path target) {
        try {
            Path real = target.toRealPath();
            if (POSIX) {
                BasicFileAttributes a = Files.readAttributes(real, BasicFileAttributes.class);
                if (a.isOther()) {
                    Path backing = MountTable.loopBackingFile(real.toString());
                    if (backing != null) {
                        return mediumKey(backing);
                    }
                    return "dev:" + Files.getAttribute(real, "unix:rdev");
                }
                return "ino:" + Files.getAttribute(real, "unix:dev") + ":" + Files.getAttribute(real, "unix:ino");
            }
            return "path:" + real.toString().replace("/dev/rdisk", "/dev/disk").toLowerCase(Locale.ROOT);
        } catch (IOException | UnsupportedOperationException e) {
            return "path:" + target.toAbsolutePath().normalize();
        }
    }

    /** The lock file for a medium, in a folder every user of the machine can use but no one else's file is removed. */
    static Path lockFile(String key) {
        Path dir = Path.of(System.getProperty("preflight.lockDir",
                Path.of(System.getProperty("java.io.tmpdir"), "preflight-locks").toString()));
        try {
            if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                try {
                    Files.createDirectory(dir);
                } catch (FileAlreadyExistsException raced) {
                    // made by another editor just now
                }
                if (POSIX) {
                    try {
                        Files.setAttribute(dir, "unix:mode", 01777);
                    } catch (IOException | UnsupportedOperationException e) {
                        // checked below
                    }
                }
            }
            checkFolder(dir);
        } catch (IOException e) {
            // reported when the lock file cannot be opened
        }
        return dir.resolve(Identity.hash(key) + ".lock");
    }

    /** A shared lock folder must be a real folder owned by root or by us, and sticky if others may write it. */
    private static void checkFolder(Path dir) throws IOException {
        if (Files.isSymbolicLink(dir) || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw unsafe(dir, "it is not a folder");
        }
        if (!POSIX) {
            return;
        }
        int owner = (int) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        int mode = (int) Files.getAttribute(dir, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        boolean othersWrite = (mode & 0002) != 0 || (mode & 0020) != 0;
        boolean sticky = (mode & 01000) != 0;
        if (owner != 0 && owner != myUid()) {
            throw unsafe(dir, "it belongs to another user");
        }
        if (othersWrite && !sticky) {
            if (owner == myUid()) {
                Files.setAttribute(dir, "unix:mode", 01777, LinkOption.NOFOLLOW_LINKS);
                return;
            }
            throw unsafe(dir, "others may remove the locks in it: it is writable by others without the sticky bit");
        }
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
