package dev.preflight.cli;

import static dev.preflight.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.preflight.core.demo.ImageSpec;
import dev.preflight.core.edit.BackupStore;
import dev.preflight.core.edit.CardLock;
import dev.preflight.core.edit.ConfigService;
import dev.preflight.core.report.PreflightException;
import dev.preflight.core.task.CancellationToken;
import dev.preflight.support.CliStation;
import dev.preflight.support.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where an edit's bytes come from and go besides the card: the {@code --output} copy never replaces or
 * truncates its own input, and the backups {@code undo} restores are the ones made for writes that happened,
 * holding exactly what was recorded.
 */
class EditOutputAndBackupTest {
    static final ImageSpec SPEC = ImageSpec.raspberryPi().fat(32).configJson(
            "{\"deviceType\":\"raspberrypi4-64\",\"persistentLogging\":false}");

    @TempDir
    Path dir;
    @RegisterExtension
    final CliStation station = CliStation.in(() -> dir.resolve("data"));

    /** Before the fix, a refused edit deleted the input that --output named: the copy had replaced it. */
    @Test
    void anOutputThatIsTheInputItselfIsRefusedAndTheInputKept() throws Exception {
        Path img = Fixtures.copy("out-self", SPEC, dir);
        Path link = dir.resolve("link.img");
        Files.createSymbolicLink(link, img);
        Path hard = dir.resolve("hard.img");
        Files.createLink(hard, img);
        byte[] before = Files.readAllBytes(img);
        for (Path output : new Path[] {img, link, hard}) {
            for (String value : new String[] {"42", "\"kiosk\""}) { // refused by validation, and a valid edit
                CliTest.Result r = run("config", "set", img.toString(), "deviceType", value, "--output",
                        output.toString());
                assertThat(r.code()).as(output + " " + value + ": " + r.err()).isEqualTo(2);
                assertThat(r.err()).contains("--output", "itself").doesNotContain("Exception");
                assertThat(Files.readAllBytes(img)).as(output + " " + value).isEqualTo(before);
                assertThat(Files.isSymbolicLink(link)).isTrue();
            }
        }
        assertThat(partFiles()).isEmpty();
    }

    /** Before the fix, the copy was made in NAME.part, truncating an input of that name before reading it. */
    @Test
    void anInputNamedLikeTheCopysPartFileIsNeverTruncated() throws Exception {
        Path img = Fixtures.copy("out-part", SPEC, dir);
        Path input = dir.resolve("edited.img.part");
        Files.move(img, input);
        byte[] before = Files.readAllBytes(input);
        Path output = dir.resolve("edited.img");
        CliTest.Result r = run("config", "set", input.toString(), "hostname", "copy-1", "--output", output.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.readAllBytes(input)).isEqualTo(before);
        assertThat(run("config", "get", output.toString(), "hostname").out().trim()).isEqualTo("copy-1");
        assertThat(run("config", "get", input.toString(), "hostname").code()).isEqualTo(1);
        assertThat(partFiles()).containsExactly(input.getFileName().toString());
    }

    /**
     * Before the fix, the copy replaced a file already at --output, and a refused edit then deleted the copy:
     * "Nothing was written", and the earlier file was gone.
     */
    @Test
    void aFileAlreadyAtTheOutputComesBackWhenTheEditIsRefused() throws Exception {
        Path img = Fixtures.copy("out-existing", SPEC, dir);
        Path output = dir.resolve("earlier.img");
        Files.writeString(output, "an earlier result");
        CliTest.Result bad = run("config", "set", img.toString(), "deviceType", "42", "--output", output.toString());
        assertThat(bad.code()).as(bad.err()).isEqualTo(1);
        assertThat(bad.err()).contains("Nothing was written");
        assertThat(Files.readString(output)).isEqualTo("an earlier result");
        CliTest.Result ok = run("config", "set", img.toString(), "hostname", "copy-2", "--output", output.toString());
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(run("config", "get", output.toString(), "hostname").out().trim()).isEqualTo("copy-2");
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".replaced-"));
        }
        assertThat(partFiles()).isEmpty();
    }

    /**
     * Before the fix the copy for --output read the input while another editor could be writing it, so it could
     * catch a FAT that was linked and a directory entry that was not yet switched (or the reverse). The copy now
     * holds the input's edit lock: while another editor holds it, the command waits, then stops with exit 3.
     */
    @Test
    void theCopyForOutputWaitsForAnEditorOfTheInput() throws Exception {
        Path img = Fixtures.copy("out-locked", SPEC, dir);
        Path output = dir.resolve("copy.img");
        station.lockWaitMillis(300);
        try (CardLock held = CardLock.acquire(img, img.toString())) {
            CliTest.Result r = run("config", "set", img.toString(), "hostname", "copy-3", "--output", output.toString());
            assertThat(r.code()).as(r.err()).isEqualTo(3);
            assertThat(r.err()).contains("is being edited by another Preflight");
            assertThat(output).doesNotExist();
        }
        assertThat(run("config", "set", img.toString(), "hostname", "copy-3", "--output", output.toString()).code())
                .isZero();
        assertThat(partFiles()).isEmpty();
    }

    /** Before the fix, undo restored whatever the backup file held: here, text that is not JSON. */
    @Test
    void aBackupChangedOrRemovedOnDiskIsNeverRestored() throws Exception {
        Path img = Fixtures.copy("backup-tamper", SPEC, dir);
        assertThat(run("config", "set", img.toString(), "hostname", "kiosk-1").code()).isZero();
        Path old = backupFiles("old").get(0);
        Files.writeString(old, "{\"deviceType\":");
        byte[] before = Files.readAllBytes(img);
        CliTest.Result r = run("undo", img.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("no longer holds what was saved", "nothing was restored")
                .doesNotContain("Exception");
        assertThat(Files.readAllBytes(img)).isEqualTo(before);
        Files.delete(old);
        CliTest.Result gone = run("undo", img.toString());
        assertThat(gone.code()).as(gone.err()).isEqualTo(2);
        assertThat(gone.err()).contains("no longer holds what was saved");
        assertThat(Files.readAllBytes(img)).isEqualTo(before);
        assertThat(run("config", "get", img.toString(), "hostname").out().trim()).isEqualTo("kiosk-1");
    }

    /**
     * Before the fix, the backup made for a write that then failed (the boot partition was full) stayed the
     * newest: undo refused it ("changed after Preflight wrote it") and with it the real one behind it.
     */
    @Test
    void aWriteThatFailedLeavesNoBackupInUndosWay() throws Exception {
        Path img = Fixtures.copy("backup-full", ImageSpec.raspberryPi().fat(16).sizesMiB(8, 16, 16, 16)
                .configJson("{\"deviceType\":\"raspberrypi4-64\",\"persistentLogging\":false}"), dir);
        assertThat(run("config", "set", img.toString(), "hostname", "kiosk-2").code()).isZero();
        byte[] before = Files.readAllBytes(img);
        CliTest.Result full = run("config", "set", img.toString(), "myNote", "n".repeat(9 << 20));
        assertThat(full.code()).as(full.err()).isEqualTo(3);
        assertThat(full.err()).contains("full");
        assertThat(Files.readAllBytes(img)).isEqualTo(before);
        assertThat(backupFiles("meta.json")).hasSize(1);
        CliTest.Result undo = run("undo", img.toString());
        assertThat(undo.code()).as(undo.err()).isZero();
        assertThat(run("config", "get", img.toString(), "hostname").code()).isEqualTo(1);
    }

    /**
     * Before the fix, a backup that could not be saved (here its folder's parent is a file; a full disk fails
     * the same way) was reported as the card failing: "If the card was removed, insert it".
     */
    @Test
    void aBackupThatCannotBeSavedIsNamedAndNothingIsWritten() throws Exception {
        Path img = Fixtures.copy("backup-blocked", SPEC, dir);
        Files.writeString(dir.resolve("data"), "not a folder");
        byte[] before = Files.readAllBytes(img);
        CliTest.Result r = run("config", "set", img.toString(), "hostname", "kiosk-3");
        assertThat(r.code()).as(r.err()).isEqualTo(3);
        assertThat(r.err()).contains("Nothing was written to partition 1", "the backup of config.json could not be"
                + " saved in " + dir.resolve("data").resolve("backups")).doesNotContain("card was removed", "Exception");
        assertThat(Files.readAllBytes(img)).isEqualTo(before);
    }

    /**
     * An undo stopped (killed, card pulled) after its write but before it marked the backup undone left the card
     * restored and the backup still open. Before the fix the next undo called that "changed after Preflight wrote
     * it" and asked for --force; now it records the undo and writes nothing, and the one after goes further back.
     */
    @Test
    void anUndoStoppedBeforeItMarkedTheBackupIsFinishedByTheNextOne() throws Exception {
        Path img = Fixtures.copy("undo-stopped", SPEC, dir);
        assertThat(run("config", "set", img.toString(), "hostname", "v1").code()).isZero();
        assertThat(run("config", "set", img.toString(), "hostname", "v2").code()).isZero();
        assertThat(run("undo", img.toString()).code()).isZero();
        for (Path marker : backupFiles("undone")) {
            Files.delete(marker); // the state an undo killed between its write and its marker leaves
        }
        byte[] restored = Files.readAllBytes(img);
        CliTest.Result again = run("undo", img.toString());
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.err()).contains("already holds the version this backup restores", "nothing was written");
        assertThat(Files.readAllBytes(img)).isEqualTo(restored);
        assertThat(run("config", "get", img.toString(), "hostname").out().trim()).isEqualTo("v1");
        assertThat(run("undo", img.toString()).code()).isZero();
        assertThat(run("config", "get", img.toString(), "hostname").code()).isEqualTo(1);
    }

    /**
     * An edit killed after its backup, before its write, leaves a backup of a write that never happened. Before
     * the fix undo called the file "changed after Preflight wrote it"; now it records that backup as undone,
     * writes nothing, and the next undo restores the real one.
     */
    @Test
    void aBackupOfAnEditStoppedBeforeItsWriteDoesNotBlockUndo() throws Exception {
        Path img = Fixtures.copy("edit-stopped", SPEC, dir);
        assertThat(run("config", "set", img.toString(), "hostname", "v1").code()).isZero();
        byte[] atV1 = Files.readAllBytes(img);
        assertThat(run("config", "set", img.toString(), "hostname", "v2").code()).isZero();
        Files.write(img, atV1); // the card as the second edit, stopped before its write, left it
        CliTest.Result first = run("undo", img.toString());
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.err()).contains("nothing was written");
        assertThat(Files.readAllBytes(img)).isEqualTo(atV1);
        assertThat(run("undo", img.toString()).code()).isZero();
        assertThat(run("config", "get", img.toString(), "hostname").code()).isEqualTo(1);
    }

    /**
     * Before the fix, a config.json over the 16 MiB Preflight reads back was written, then the read-back failed
     * (exit 3, "if the card was removed"), and from then on every config command and undo itself failed on
     * the card, because each reads config.json first.
     */
    @Test
    void aFileLargerThanPreflightReadsBackIsRefusedBeforeAnyWrite() throws Exception {
        Path img = Fixtures.copy("inject-huge", SPEC, dir);
        Path huge = dir.resolve("huge.json");
        Files.writeString(huge, "{\"deviceType\":\"raspberrypi4-64\",\"myNote\":\"" + "x".repeat(17 << 20) + "\"}");
        byte[] before = Files.readAllBytes(img);
        CliTest.Result r = run("config", "inject", img.toString(), huge.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(2); // the CLI refuses the file itself before opening the card
        assertThat(r.err()).contains(huge.toString(), "16 MiB").doesNotContain("Exception");
        assertThat(Files.readAllBytes(img)).isEqualTo(before);
        assertThat(backupFiles("meta.json")).isEmpty();
        // content that reaches the edit session by another way (the services' callers) is refused there
        byte[] content = Files.readAllBytes(huge);
        assertThatThrownBy(() -> new ConfigService(new BackupStore(dir.resolve("direct-backups"))).inject(
                img.toString(), null, content, CancellationToken.none()))
                .isInstanceOf(PreflightException.class)
                .hasMessageContaining("more than the 16777216").hasMessageContaining("nothing was written");
        assertThat(Files.readAllBytes(img)).isEqualTo(before);
        assertThat(run("config", "get", img.toString(), "deviceType").code()).isZero();
    }

    /** The files called {@code name} in every backup folder. */
    private List<Path> backupFiles(String name) throws IOException {
        if (!Files.isDirectory(dir.resolve("data"))) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir.resolve("data"))) {
            return s.filter(p -> p.getFileName().toString().equals(name)).toList();
        }
    }

    private List<String> partFiles() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.contains(".part")).toList();
        }
    }
}
