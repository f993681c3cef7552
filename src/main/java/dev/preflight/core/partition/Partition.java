package dev.preflight.core.partition;

/**
 * One entry of a partition table. Offsets are in bytes from the start of the disk.
 *
 * @param number   1-4 primary, 5+ logical (Linux numbering), GPT entry index + 1
 * @param kind     primary, extended, logical or gpt
 * @param typeId   MBR type as {@code 0x0c}, or the GPT type GUID in upper case
 * @param name     GPT partition name, null on MBR
 * @param guid     GPT unique partition GUID, null on MBR
 */
public record Partition(int number, Kind kind, String typeId, String typeName, String name, String guid,
                        long start, long size, boolean bootable) {

    public enum Kind { PRIMARY, EXTENDED, LOGICAL, GPT, WHOLE_DISK }

    public long end() {
        return start + size;
    }

    /** Whether this entry holds a file system (an extended container does not). */
    public boolean holdsData() {
        return kind != Kind.EXTENDED;
    }
}
