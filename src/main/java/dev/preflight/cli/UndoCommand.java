package dev.preflight.cli;

import dev.preflight.core.edit.BackupStore;
import dev.preflight.core.task.CancellationToken;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code preflight undo PATH}: restore the previous version of the last file Preflight wrote there. */
@Command(name = "undo", mixinStandardHelpOptions = true,
        description = {"Restore the previous version of the last file Preflight wrote on this card, image or folder.",
                "Backups live in your data folder, keyed by card; each can be undone once."})
final class UndoCommand implements Callable<Integer> {
    @Parameters(paramLabel = "PATH")
    String path;

    @Option(names = "--force", description = "Restore even if the file changed after Preflight wrote it.")
    boolean force;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        BackupStore.Backup b = ConfigCommand.service().undo(path, force, new CancellationToken());
        EditRecorder.record(path, java.util.List.of("undo: restored " + b.file()), spec.commandLine().getErr());
        spec.commandLine().getOut().println("Restored " + b.file() + " on " + path + " to its version from before "
                + b.created() + ".");
        spec.commandLine().getOut().flush();
        return 0;
    }
}
