package dev.preflight.core.report;

/**
 * Where a finding is, as data rather than text: which partition, which file on it, which line, which
 * config.json value (a JSON pointer such as {@code /os/network/connectivity/uri}) and which network
 * connection. A part is null when it does not apply. The finding's {@code location} stays the sentence
 * people read; code that needs to go to the place (the editor's "show me", quick fixes, per-field errors)
 * reads this.
 *
 * @param relatedLine another line the finding concerns, e.g. the earlier setting a duplicate overrides
 */
public record Locus(Integer partition, String file, Integer line, Integer relatedLine, String jsonPointer,
                    String connection) {

    public static Locus partition(int number) {
        return new Locus(number, null, null, null, null, null);
    }

    /** A file on the boot partition, by its path there ("config.txt", "overlays/x.dtbo"). */
    public static Locus file(String path) {
        return new Locus(null, path, null, null, null, null);
    }

    public Locus line(int number) {
        return new Locus(partition, file, number, relatedLine, jsonPointer, connection);
    }

    public Locus relatedLine(int number) {
        return new Locus(partition, file, line, number, jsonPointer, connection);
    }

    public Locus pointer(String pointer) {
        return new Locus(partition, file, line, relatedLine, pointer, connection);
    }

    public Locus connection(String name) {
        return new Locus(partition, file, line, relatedLine, jsonPointer, name);
    }

    public Locus inPartition(Integer number) {
        return new Locus(number, file, line, relatedLine, jsonPointer, connection);
    }

    /** The first segment of the JSON pointer: the top-level config.json key, or null. */
    public String topLevelKey() {
        if (jsonPointer == null || jsonPointer.length() < 2) {
            return null;
        }
        int slash = jsonPointer.indexOf('/', 1);
        return jsonPointer.substring(1, slash < 0 ? jsonPointer.length() : slash);
    }
}
