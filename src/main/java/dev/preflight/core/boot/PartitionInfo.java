package dev.preflight.core.boot;

import dev.preflight.core.ext4.Ext4Superblock;

/**
 * One partition as probed: where it is, what the table calls it, and which file system it holds.
 *
 * @param filesystem vfat, ext4, none (extended container), unknown, or not-read (deep inside a
 *                   compressed image)
 * @param label      file system label, else GPT name, else null
 */
public record PartitionInfo(int number, String kind, String label, String gptName, String typeId,
                            String typeName, long start, long size, boolean bootable, String filesystem,
                            Ext4Superblock ext4) {

    /** "partition N (label)", as findings name it. */
    public String where() {
        return "partition " + number + (label == null ? "" : " (" + label + ")");
    }

    /** Whether its label or GPT name is {@code resin-<role>} or {@code balena-<role>} (data, state, boot...). */
    public boolean isBalena(String role) {
        return is(label, role) || is(gptName, role);
    }

    private static boolean is(String name, String role) {
        return name != null && (name.equalsIgnoreCase("resin-" + role) || name.equalsIgnoreCase("balena-" + role));
    }
}
