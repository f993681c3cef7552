package dev.preflight.core.edit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.preflight.core.fat.BootFileSystem;
import dev.preflight.core.image.ByteSource;
import dev.preflight.core.image.SourceKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A write that repaired differing FAT copies on the way says so whatever happens next: in a note when the
 * edit succeeds, in the error when the card then reads back differently.
 */
class RepairNoteTest {
    @TempDir
    Path dir;

    /** A card whose writer repairs the FAT copies, and which drops writes when told to. */
    private static final class Card implements BootTarget {
        final Map<String, byte[]> files = new HashMap<>();
        boolean dropsWrites;
        boolean repairs = true;
        String repaired;

        @Override
        public byte[] read(String file) {
            return files.get(file);
        }

        @Override
        public BootFileSystem files() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void replace(String file, byte[] content, byte[] before) {
            repaired = !repairs ? null : "the boot partition's FAT copies differed (an earlier write was interrupted); before writing,"
                    + " the other copy was made equal to the first";
            if (!dropsWrites) {
                files.put(file, content);
            }
        }

        @Override
        public void delete(String file) {
            files.remove(file);
        }

        @Override
        public String repaired() { // once, as the card's own target says it
            try {
                return repaired;
            } finally {
                repaired = null;
            }
        }

        @Override
        public ByteSource disk() {
            return null;
        }

        @Override
        public void close() {
        }
    }

    /** What the provisioning log was asked to record, per edit. */
    private final List<List<String>> logged = new java.util.ArrayList<>();

    private EditSession session(Card card) throws Exception {
        Editing editing = new Editing(new BackupStore(dir.resolve("backups")), (disk, path, kind, changes) -> {
            logged.add(List.copyOf(changes));
            return null;
        });
        return new EditSession(dir.resolve("card.img").toString(), SourceKind.IMAGE, "partition 1 of card.img", card,
                new CardIdentity("image", "1234abcd", 1L, 1L << 30, null, dir.resolve("card.img").toString()), editing,
                CardLock.acquire(dir.resolve("card.img"), "card.img"));
    }

    @Test
    void aSuccessfulWriteSaysItInANote() throws Exception {
        Card card = new Card();
        try (EditSession s = session(card)) {
            assertThat(s.write("config.txt", "a=1\n".getBytes(StandardCharsets.UTF_8), List.of("a"))).isTrue();
            assertThat(s.notes()).singleElement().asString().contains("FAT copies differed");
            // the log records the repair beside the user's change; an edit without one records only the change
            assertThat(logged).containsExactly(List.of("a", "boot partition: FAT copies made equal to the first (an"
                    + " earlier write was interrupted)"));
            card.repairs = false;
            s.write("config.txt", "a=2\n".getBytes(StandardCharsets.UTF_8), List.of("a"));
            assertThat(logged.get(1)).containsExactly("a");
        }
    }

    @Test
    void aReadBackThatDiffersSaysItInTheError() throws Exception {
        Card card = new Card();
        card.dropsWrites = true;
        try (EditSession s = session(card)) {
            assertThatThrownBy(() -> s.write("config.txt", "a=1\n".getBytes(StandardCharsets.UTF_8), List.of("a")))
                    .isInstanceOf(EditException.class).hasMessageContaining("reads back differently")
                    .hasMessageContaining("Before that, the boot partition's FAT copies differed").hasMessageEndingWith(".");
        }
    }
}
