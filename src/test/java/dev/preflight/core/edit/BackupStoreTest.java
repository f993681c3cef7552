package dev.preflight.core.edit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backups belong to one card, are private and are pruned. */
class BackupStoreTest {
    @TempDir
    Path dir;

    static final CardIdentity CARD = new CardIdentity("card", "0x1a2b3c4d", 0x12345678L, 32L << 30, null, null);

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void twinCardsShareAFolderButNeverABackup() throws Exception {
        BackupStore store = new BackupStore(dir.resolve("backups"));
        CardIdentity twin = new CardIdentity("card", "0x1a2b3c4d", 0x12345678L, 32L << 30, null, null);
        assertThat(twin.key()).isEqualTo(CARD.key());
        store.save(CARD, "/dev/sdb", "config.json", b("{\"uuid\":\"a\",\"deviceApiKey\":\"A\"}"),
                b("{\"uuid\":\"a\",\"hostname\":\"x\"}"), "a");
        Thread.sleep(2);
        store.save(twin, "/dev/sdc", "config.json", b("{\"uuid\":\"b\",\"deviceApiKey\":\"B\"}"),
                b("{\"uuid\":\"b\",\"hostname\":\"y\"}"), "b");
        assertThat(new String(store.latest(CARD, "a").orElseThrow().oldContent(), StandardCharsets.UTF_8))
                .contains("\"A\"");
        assertThat(new String(store.latest(twin, "b").orElseThrow().oldContent(), StandardCharsets.UTF_8))
                .contains("\"B\"");
        assertThat(store.latest(CARD, "c")).isEmpty();
        CardIdentity bigger = new CardIdentity("card", "0x1a2b3c4d", 0x12345678L, 64L << 30, null, null);
        assertThat(store.latest(bigger, "a")).isEmpty();
    }

    @Test
    void backupsArePrivateAndTheNewestTenPerFileAreKept() throws Exception {
        BackupStore store = new BackupStore(dir.resolve("backups"));
        for (int i = 0; i < 13; i++) {
            store.save(CARD, "/dev/sdb", "config.json", b("old-" + i), b("new-" + i), null);
            store.save(CARD, "/dev/sdb", "system-connections/balena-wifi-01", b("w" + i), b("w" + (i + 1)), null);
            Thread.sleep(2);
        }
        Path cardDir = dir.resolve("backups").resolve(CARD.key());
        try (Stream<Path> s = Files.list(cardDir)) {
            var names = s.map(p -> p.getFileName().toString()).collect(Collectors.toList());
            assertThat(names.stream().filter(n -> n.endsWith("-config.json"))).hasSize(BackupStore.KEEP_PER_FILE);
            assertThat(names.stream().filter(n -> n.endsWith("balena-wifi-01"))).hasSize(BackupStore.KEEP_PER_FILE);
        }
        assertThat(new String(store.latest(CARD, null).orElseThrow().oldContent(), StandardCharsets.UTF_8))
                .isEqualTo("w12");
        try (Stream<Path> all = Files.walk(dir.resolve("backups"))) {
            for (Path p : all.collect(Collectors.toList())) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p))).as(p.toString())
                        .isEqualTo(Files.isDirectory(p) ? "rwx------" : "rw-------");
            }
        }
    }

    @Test
    void anExistingOpenFolderIsTightened() throws Exception {
        Path root = Files.createDirectories(dir.resolve("backups"));
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        new BackupStore(root).save(CARD, "/dev/sdb", "config.txt", b("a"), b("b"), null);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root))).isEqualTo("rwx------");
    }
}
