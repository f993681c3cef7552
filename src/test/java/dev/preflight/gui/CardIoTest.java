package dev.preflight.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.preflight.core.edit.RefusedException;
import dev.preflight.core.provision.EditJournal;
import dev.preflight.core.report.Finding;
import dev.preflight.core.report.FindingCode;
import dev.preflight.gui.common.AfterLoad;
import dev.preflight.gui.common.CardIo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The editors' reads and writes (both executors inline). */
class CardIoTest {
    private final List<String> ok = new ArrayList<>();
    private final List<String> failed = new ArrayList<>();

    @Test
    void aWriteThatChangedNothingIsNotRecordedInTheLog() throws Exception {
        Path log = EditJournal.defaultLog();
        long before = Files.exists(log) ? Files.readAllLines(log).size() : 0;
        CardIo.write(Runnable::run, Runnable::run, "/nowhere/card.img",
                () -> new CardIo.Written("Saved config.txt on card.img.", List.of()), ok::add, failed::add);
        assertThat(ok).containsExactly("Saved config.txt on card.img.");
        assertThat(failed).isEmpty();
        assertThat(Files.exists(log) ? Files.readAllLines(log).size() : 0).isEqualTo(before);
    }

    @Test
    void aRefusedWriteSaysWhatBlocksItAndThatNothingWasWritten() {
        CardIo.write(Runnable::run, Runnable::run, "/nowhere/card.img", () -> {
            throw new RefusedException("The change was refused.", List.of(Finding.of(
                    FindingCode.CONFIG_TXT_MISSING_OVERLAY, "Line 2 loads overlay 'ghost'.", "config.txt:2", null)));
        }, ok::add, failed::add);
        assertThat(ok).isEmpty();
        assertThat(failed).containsExactly("The change was refused. Line 2 loads overlay 'ghost'.\nNothing was written.");
    }

    @Test
    void anUnexpectedReadFailureEndsTheLoadWithAMessageAndDropsTheWaitingWork() {
        AfterLoad afterLoad = new AfterLoad();
        List<String> waited = new ArrayList<>();
        CardIo.<String>read(Runnable::run, r -> {
            afterLoad.run(false, () -> waited.add("select line 2")); // asked while the read is running
            r.run();
        }, afterLoad, "config.txt", () -> {
            throw new IllegalStateException("bad sector");
        }, ok::add, failed::add);
        assertThat(failed).singleElement().asString().startsWith("Could not read config.txt: ").contains("bad sector");
        assertThat(afterLoad.loading()).isFalse();
        assertThat(waited).isEmpty();
        CardIo.read(Runnable::run, Runnable::run, afterLoad, "config.txt", () -> "arm_64bit=1\n", ok::add,
                failed::add);
        assertThat(ok).containsExactly("arm_64bit=1\n");
    }
}
