package dev.preflight.core.partition;

import java.util.List;
import java.util.Locale;

/** A disk's partition table after validation. {@code NONE} means a bare file system. */
public record PartitionTable(Scheme scheme, String diskId, int sectorSize, List<Partition> partitions) {

    public enum Scheme {
        MBR, GPT, NONE;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public PartitionTable {
        partitions = List.copyOf(partitions);
    }

    public Partition byNumber(int number) {
        for (Partition p : partitions) {
            if (p.number() == number) {
                return p;
            }
        }
        return null;
    }
}
