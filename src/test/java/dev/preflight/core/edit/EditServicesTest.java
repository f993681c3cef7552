package dev.preflight.core.edit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.preflight.core.configjson.ConfigJsonDocument;
import dev.preflight.core.demo.ImageSpec;
import dev.preflight.core.image.Compression;
import dev.preflight.core.report.ErrorCode;
import dev.preflight.core.report.FindingCode;
import dev.preflight.core.report.PreflightException;
import dev.preflight.core.task.CancellationToken;
import dev.preflight.support.Fixtures;
import dev.preflight.support.Inspect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** config.json and config.txt editing end to end: images, folders, compressed images, backups and undo. */
class EditServicesTest {
    static final ImageSpec SPEC = ImageSpec.raspberryPi().fat(32).configJson(
            "{\"deviceType\":\"raspberrypi4-64\",\"apiKey\":\"SECRET-KEY-123\",\"applicationId\":7,"
                    + "\"apiEndpoint\":\"https://api.balena-cloud.com\",\"listenPort\":48484}");
    @TempDir
    Path dir;
    ConfigService config;
    ConfigTxtService txt;
    Editing editing;
    Path img;

    @BeforeEach
    void setUp() throws Exception {
        BackupStore store = new BackupStore(dir.resolve("backups"));
        editing = new Editing(store, EditLog.NONE);
        config = new ConfigService(editing);
        txt = new ConfigTxtService(editing);
        img = Fixtures.copy("edit-pi32", SPEC, dir);
    }

    static CancellationToken none() {
        return CancellationToken.none();
    }

    @Test
    void setKeepsTypesAndLayoutAndUndoRestores() throws Exception {
        byte[] original = config.read(img.toString(), none()).render();
        config.set(img.toString(), null, "hostname", TextNode.valueOf("kiosk-1"), none());
        config.set(img.toString(), null, "persistentLogging", BooleanNode.FALSE, none());
        ConfigJsonDocument now = config.read(img.toString(), none());
        assertThat(new String(now.render(), StandardCharsets.UTF_8)).isEqualTo("{\"deviceType\":\"raspberrypi4-64\","
                + "\"apiKey\":\"SECRET-KEY-123\",\"applicationId\":7,\"apiEndpoint\":\"https://api.balena-cloud.com\","
                + "\"listenPort\":48484,\"hostname\":\"kiosk-1\",\"persistentLogging\":false}");
        assertThat(Inspect.run(img).verdict().word()).isEqualTo("pass");
        Undo.undo(img.toString(), false, editing, none());
        Undo.undo(img.toString(), false, editing, none());
        assertThat(config.read(img.toString(), none()).render()).isEqualTo(original);
        assertThatThrownBy(() -> Undo.undo(img.toString(), false, editing, none())).isInstanceOf(PreflightException.class)
                .hasMessageContaining("nothing to undo");
    }

    @Test
    void anInvalidResultIsRefusedAndNothingIsWritten() throws Exception {
        byte[] before = Files.readAllBytes(img);
        assertThatThrownBy(() -> config.set(img.toString(), null, "uuid", TextNode.valueOf("XYZ"), none()))
                .isInstanceOfSatisfying(RefusedException.class, e -> assertThat(e.findings())
                        .extracting(f -> f.code()).contains(FindingCode.CONFIG_JSON_UUID_INVALID));
        assertThat(Files.readAllBytes(img)).isEqualTo(before);
        assertThat(Files.exists(dir.resolve("backups"))).isFalse();
    }

    @Test
    void undoRefusesWhenTheFileChangedSince() throws Exception {
        config.set(img.toString(), null, "hostname", TextNode.valueOf("a"), none());
        Path other = dir.resolve("other-backups");
        new ConfigService(new BackupStore(other)).set(img.toString(), null, "hostname", TextNode.valueOf("b"), none());
        assertThatThrownBy(() -> Undo.undo(img.toString(), false, editing, none())).hasMessageContaining("changed after");
        Undo.undo(img.toString(), true, editing, none());
        assertThat(config.read(img.toString(), none()).get("hostname")).isNull();
    }

    @Test
    void compressedImagesAreNeverEditedInPlace() throws Exception {
        Path gz = Fixtures.compressed("edit-pi32", SPEC, Compression.GZIP, 0);
        byte[] before = Files.readAllBytes(gz);
        assertThatThrownBy(() -> config.set(gz.toString(), null, "hostname", TextNode.valueOf("x"), none()))
                .isInstanceOfSatisfying(PreflightException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(ErrorCode.USAGE);
                    assertThat(e.hint()).contains("--output");
                });
        Path out = dir.resolve("edited.img");
        config.set(gz.toString(), out, "hostname", TextNode.valueOf("from-gz"), none());
        assertThat(Files.readAllBytes(gz)).isEqualTo(before);
        assertThat(config.read(out.toString(), none()).get("hostname").asText()).isEqualTo("from-gz");
        assertThat(Files.size(out)).isEqualTo(Files.size(Fixtures.built("edit-pi32", SPEC)));
        assertThat(Inspect.run(out).verdict().word()).isEqualTo("pass");
    }

    @Test
    void mountedFolderUsesTheSameProtocolAndLeavesNoTempFiles() throws Exception {
        Path boot = Files.createDirectories(dir.resolve("resin-boot"));
        Files.writeString(boot.resolve("config.json"), "{\n  \"deviceType\": \"raspberrypi4-64\"\n}\n");
        Files.writeString(boot.resolve("device-type.json"), "{\"slug\":\"raspberrypi4-64\"}");
        config.set(boot.toString(), null, "country", TextNode.valueOf("GB"), none());
        assertThat(Files.readString(boot.resolve("config.json")))
                .isEqualTo("{\n  \"deviceType\": \"raspberrypi4-64\",\n  \"country\": \"GB\"\n}\n");
        try (var s = Files.list(boot)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("config.json",
                    "device-type.json");
        }
        Undo.undo(boot.toString(), false, editing, none());
        assertThat(Files.readString(boot.resolve("config.json"))).doesNotContain("country");
    }

    @Test
    void injectAddsAConfigToACardWithoutOne() throws Exception {
        Path bare = Fixtures.copy("edit-noconfig", ImageSpec.raspberryPi().noConfigJson(), dir);
        byte[] cfg = "{\"deviceType\":\"raspberrypi4-64\",\"hostname\":\"new\"}".getBytes();
        config.inject(bare.toString(), null, cfg, none());
        assertThat(config.read(bare.toString(), none()).render()).isEqualTo(cfg);
        assertThat(Inspect.codes(Inspect.run(bare))).doesNotContain(FindingCode.CONFIG_JSON_MISSING);
    }

    @Test
    void fatrwLeftoverBlocksWrites() throws Exception {
        Path p = Fixtures.copy("edit-fatrw", ImageSpec.raspberryPi()
                .bootFileAfterFingerprint(".config.json.aB3dE9fK.0123456789abcdef0123456789abcdef.md5sum", "{}".getBytes()),
                dir);
        assertThat(Inspect.codes(Inspect.run(p))).contains(FindingCode.FATRW_BACKUP_LEFTOVER);
        assertThatThrownBy(() -> config.set(p.toString(), null, "hostname", TextNode.valueOf("x"), none()))
                .isInstanceOf(RefusedException.class).hasMessageContaining("fatrw");
    }

    @Test
    void configTxtEditsOnlyItsLineAndRefusesNewErrors() throws Exception {
        byte[] before = txt.read(img.toString(), none()).render();
        txt.set(img.toString(), null, "max_framebuffers", "1", "pi4", none());
        byte[] after = txt.read(img.toString(), none()).render();
        assertThat(new String(after)).isEqualTo(new String(before).replace("max_framebuffers=2", "max_framebuffers=1"));
        assertThatThrownBy(() -> txt.set(img.toString(), null, "dtoverlay", "no-such-overlay", null, none()))
                .isInstanceOfSatisfying(RefusedException.class, e -> assertThat(e.findings())
                        .extracting(f -> f.code()).containsExactly(FindingCode.CONFIG_TXT_MISSING_OVERLAY));
        assertThat(txt.read(img.toString(), none()).render()).isEqualTo(after);
        Undo.undo(img.toString(), false, editing, none());
        assertThat(txt.read(img.toString(), none()).render()).isEqualTo(before);
    }

    /**
     * A card whose config.txt already has an error: a comment added above the broken line moves it, and
     * the save must go through (the old error is the same error); a second copy of the error, or a new
     * one, is still refused.
     */
    @Test
    void aCommentAboveAnExistingErrorIsNotANewError() throws Exception {
        String broken = "# Preflight test card\ndtoverlay=gone-overlay\ngpu_mem=16\n[all]\n";
        Path card = Fixtures.copy("edit-pi32-broken-txt", ImageSpec.raspberryPi().fat(32).configJson(
                "{\"deviceType\":\"raspberrypi4-64\",\"applicationId\":7}").bootFileAfterFingerprint("config.txt",
                broken.getBytes(StandardCharsets.US_ASCII)), dir);
        assertThat(txt.validate(card.toString(), null, none())).extracting(f -> f.code())
                .contains(FindingCode.CONFIG_TXT_MISSING_OVERLAY);

        String commented = "# Preflight test card\n# the display overlay is fitted in the field\n"
                + "dtoverlay=gone-overlay\ngpu_mem=16\n[all]\n";
        txt.replace(card.toString(), null, commented.getBytes(StandardCharsets.US_ASCII), "add a comment", none());
        assertThat(new String(txt.read(card.toString(), none()).render(), StandardCharsets.US_ASCII))
                .isEqualTo(commented);

        String twice = commented + "dtoverlay=gone-overlay\n";
        assertThatThrownBy(() -> txt.replace(card.toString(), null, twice.getBytes(StandardCharsets.US_ASCII),
                "repeat the overlay", none())).isInstanceOf(RefusedException.class);
        String another = commented.replace("gpu_mem=16", "gpu_mem=16\ndtoverlay=other-missing");
        assertThatThrownBy(() -> txt.replace(card.toString(), null, another.getBytes(StandardCharsets.US_ASCII),
                "another overlay", none())).isInstanceOfSatisfying(RefusedException.class, e -> assertThat(e.findings())
                .singleElement().satisfies(f -> assertThat(f.message()).contains("other-missing")));
        assertThat(new String(txt.read(card.toString(), none()).render(), StandardCharsets.US_ASCII))
                .isEqualTo(commented);
    }
}
