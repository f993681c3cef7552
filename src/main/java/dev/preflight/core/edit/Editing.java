package dev.preflight.core.edit;

/** What every edit needs besides the card: where backups go and where writes are recorded. */
public record Editing(BackupStore backups, EditLog log) {
}
