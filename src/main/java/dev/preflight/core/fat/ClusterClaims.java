package dev.preflight.core.fat;

import java.util.ArrayList;
import java.util.List;

/**
 * Which file or directory owns each cluster of a FAT volume, claimed chain by chain as {@link FatScan}
 * walks the tree. A cluster is claimed once: the second claimant is a cross-link (both named), and its
 * walk stops there, so every cluster is visited at most once whatever the FAT says.
 */
final class ClusterClaims {
    /** At most this many sentences of each kind are kept: the first ones say enough. */
    static final int MAX_REPORTED = 10;

    private final FatBootSector bs;
    private final byte[] fat;
    private final int[] owner;
    private final List<String> ownerNames = new ArrayList<>();
    private final List<String> crossLinks = new ArrayList<>();
    private final List<String> chainErrors;

    /** {@code chainErrors} receives the chain damage found (the walk adds its own to the same list). */
    ClusterClaims(FatBootSector bs, byte[] fat, List<String> chainErrors) {
        this.bs = bs;
        this.fat = fat;
        this.owner = new int[(int) bs.clusterCount() + 2];
        this.chainErrors = chainErrors;
    }

    long clusterBytes() {
        return (long) bs.sectorsPerCluster() * bs.bytesPerSector();
    }

    /** Sentences naming files and directories whose chains share clusters. */
    List<String> crossLinks() {
        return crossLinks;
    }

    /**
     * Claims the chain from {@code first} for {@code name}. Stops at the first cluster another file or
     * directory already owns (a cross-link). Returns the clusters claimed (at most {@code limitClusters}).
     * With {@code size} >= 0 (a file), a chain too short for it is damage.
     */
    List<Long> claim(long first, String name, long limitClusters, long size) {
        List<Long> out = new ArrayList<>();
        ownerNames.add(name);
        int id = ownerNames.size();
        long c = first;
        long length = 0;
        boolean shared = false;
        if (!inVolume(c) && c != 0) {
            chainError("/" + name + " starts at cluster " + c + ", outside the volume");
        }
        while (inVolume(c)) {
            if (owner[(int) c] != 0) {
                if (crossLinks.size() < MAX_REPORTED) {
                    crossLinks.add("/" + ownerNames.get(owner[(int) c] - 1) + " and /" + name
                            + " share cluster " + c);
                }
                shared = true;
                break;
            }
            owner[(int) c] = id;
            length++;
            if (out.size() < limitClusters) {
                out.add(c);
            }
            long n = FatTableCheck.entry(bs.kind(), fat, c);
            if (n == 0) {
                chainError("/" + name + " uses cluster " + c + ", which the FAT marks free");
                break;
            }
            if (FatTableCheck.isEnd(bs.kind(), n)) {
                break;
            }
            c = n;
        }
        if (size >= 0 && !shared && size > length * clusterBytes()) {
            chainError("/" + name + " is " + size + " bytes but its cluster chain holds only "
                    + length * clusterBytes());
        }
        return out;
    }

    void chainError(String sentence) {
        if (chainErrors.size() < MAX_REPORTED) {
            chainErrors.add(sentence);
        }
    }

    private boolean inVolume(long cluster) {
        return cluster >= 2 && cluster <= bs.clusterCount() + 1;
    }
}
