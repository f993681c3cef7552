package dev.preflight.cli;

import dev.preflight.core.edit.BackupStore;
import dev.preflight.core.edit.Undo;
import dev.preflight.core.provision.EditJournal;
import dev.preflight.core.task.CancellationToken;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code preflight undo PATH}: restore the previous version of the last file Preflight wrote there. */
@Command(name = "undo", mixinStandardHelpOptions = true,
        description = {UndoCommand.SUMMARY,
                "Backups live in your data folder, keyed by card; each can be undone once."})
final class UndoCommand implements Callable<Integer> {
    /** The description's first line: the command's line in the root's help. */
    static final String SUMMARY = "Restore the previous version of the last file Preflight wrote on this card, image or folder.";

    @Parameters(paramLabel = "PATH")
    String path;

    @Option(names = "--force", description = {"Restore even if the file changed after Preflight wrote it.",
            "A backup of another card is never restored, with or without --force."})
    boolean force;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Undo.Result r = Undo.undo(path, force, EditJournal.forUser(), new CancellationToken());
        EditOutput.notes(spec.commandLine().getErr(), r.notes());
        BackupStore.Backup b = r.backup();
        spec.commandLine().getOut().println("Restored " + b.file() + " on " + path + " to its version from before "
                + b.created() + ".");
        spec.commandLine().getOut().flush();
        return 0;
    }
}
