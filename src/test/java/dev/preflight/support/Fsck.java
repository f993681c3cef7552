package dev.preflight.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code fsck.fat -n} on a boot partition, with what a crash may legitimately leave told apart. */
public final class Fsck {
    private Fsck() {
    }

    /** Checks the boot partition at {@code start} of {@code img}: it must be spotless. */
    public static void check(Path img, long start, long size, Path scratch) throws Exception {
        byte[] boot = new byte[(int) size];
        try (FileChannel ch = FileChannel.open(img)) {
            ch.read(java.nio.ByteBuffer.wrap(boot), start);
        }
        check(boot, true, img.getFileName().toString(), scratch);
    }

    /**
     * fsck.fat -n on a boot partition. A clean edit must be spotless apart from the known label note; an
     * interrupted one may also show reclaimable clusters, differing FAT copies, a stale free count and an
     * orphaned long-name fragment.
     */
    public static void check(byte[] boot, boolean clean, String when, Path scratch) throws Exception {
        if (!Fixtures.onPath("fsck.fat")) {
            return;
        }
        Path part = scratch.resolve("fsck-part.img");
        Files.write(part, boot);
        Process p = new ProcessBuilder("fsck.fat", "-n", part.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        List<String> unexpected = new ArrayList<>();
        for (String line : out.split("\n")) {
            String l = line.trim();
            boolean known = l.isEmpty() || l.startsWith("fsck.fat") || l.contains("Volume label")
                    || l.startsWith("Auto-removing label") || l.startsWith("Leaving filesystem unchanged")
                    || l.matches(".*\\d+ files, \\d+/\\d+ clusters") || l.startsWith("Checking we can access")
                    || l.startsWith("There are differences between boot sector and its backup")
                    || l.startsWith("Differences: (offset:original/backup)") || l.matches("\\d+:.*")
                    || l.startsWith("1) Copy original to backup") || l.startsWith("2) Copy backup to original")
                    || l.startsWith("3) No action") || l.startsWith("Not automatically fixing this");
            boolean leak = l.startsWith("Reclaimed") || l.contains("unused cluster") || l.startsWith("Free cluster summary")
                    || l.contains("FATs differ") || l.startsWith("Using first FAT") || l.startsWith("1) Use first FAT")
                    || l.startsWith("2) Use second FAT") || l.startsWith("Auto-setting free cluster summary")
                    || l.startsWith("Auto-correcting") || l.startsWith("Free cluster summary uninitialized")
                    || l.startsWith("Long filename fragment") || l.startsWith("(Maybe the start bit")
                    || l.startsWith("Not auto-correcting this") || l.startsWith("* ");
            if (!known && !(leak && !clean)) {
                unexpected.add(l);
            }
        }
        assertThat(unexpected).as("%s: fsck.fat -n said:%n%s", when, out).isEmpty();
    }

}
