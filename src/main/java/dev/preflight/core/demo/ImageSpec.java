package dev.preflight.core.demo;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@link BalenaImageBuilder} should build: a balenaOS-shaped disk following meta-balena's
 * image_types_balena.bbclass (4 MiB alignment; boot, rootA, rootB, [extended], state, data).
 */
public final class ImageSpec {
    public enum Table { MBR, GPT }

    Table table = Table.MBR;
    int fatBits = 16;
    String deviceType = "raspberrypi4-64";
    String osVersion = "6.5.44+rev2";
    boolean flasher;
    int bootMiB = 40;
    int rootMiB = 16;
    int stateMiB = 8;
    int dataMiB = 16;
    String configJson;
    boolean includeConfig = true;
    boolean fatDirty;
    int dataErrors;
    long dataKiBWritten = 3_500_000;
    int dataFreePercent = 75;
    final Map<String, byte[]> extraFiles = new LinkedHashMap<>();
    final Map<String, byte[]> afterFingerprint = new LinkedHashMap<>();

    public static ImageSpec raspberryPi() {
        return new ImageSpec();
    }

    public ImageSpec table(Table t) {
        this.table = t;
        return this;
    }

    public ImageSpec fat(int bits) {
        if (bits != 16 && bits != 32) {
            throw new IllegalArgumentException("FAT16 or FAT32");
        }
        this.fatBits = bits;
        return this;
    }

    public ImageSpec deviceType(String slug) {
        this.deviceType = slug;
        return this;
    }

    public ImageSpec osVersion(String v) {
        this.osVersion = v;
        return this;
    }

    public ImageSpec flasher(boolean f) {
        this.flasher = f;
        return this;
    }

    /**
     * Sizes a card of {@code totalMiB} the way meta-balena lays it out before expansion: 40 MiB boot,
     * 20 MiB state, roots of up to 444 MiB each, and resin-data filling the rest (MBR layout with its
     * two 4 MiB EBR gaps).
     */
    public ImageSpec totalMiB(int totalMiB) {
        int fixed = 4 + 40 + 4 + 20 + 4;
        int root = Math.max(16, Math.min(444, (totalMiB - fixed - 32) / 2 / 4 * 4));
        int data = totalMiB - fixed - 2 * root;
        if (data < 16) {
            throw new IllegalArgumentException("a balenaOS-like card needs at least " + (fixed + 32 + 16) + " MiB");
        }
        return sizesMiB(40, root, 20, data);
    }

    public ImageSpec sizesMiB(int boot, int root, int state, int data) {
        this.bootMiB = boot;
        this.rootMiB = root;
        this.stateMiB = state;
        this.dataMiB = data;
        return this;
    }

    /** config.json text; by default an unconfigured image's {"deviceType", "persistentLogging"}. */
    public ImageSpec configJson(String json) {
        this.configJson = json;
        return this;
    }

    public ImageSpec noConfigJson() {
        this.includeConfig = false;
        return this;
    }

    public ImageSpec fatDirty(boolean d) {
        this.fatDirty = d;
        return this;
    }

    public ImageSpec dataKiBWritten(long kib) {
        this.dataKiBWritten = kib;
        return this;
    }

    /** Free blocks on resin-data, in percent. */
    public ImageSpec dataFreePercent(int percent) {
        this.dataFreePercent = percent;
        return this;
    }

    public ImageSpec dataErrors(int n) {
        this.dataErrors = n;
        return this;
    }

    /** A boot file listed in the fingerprint. */
    public ImageSpec bootFile(String path, byte[] content) {
        extraFiles.put(path, content);
        return this;
    }

    /** A boot file written after the fingerprint (so it differs from it or is not listed). */
    public ImageSpec bootFileAfterFingerprint(String path, byte[] content) {
        afterFingerprint.put(path, content);
        return this;
    }

    String prefix() {
        return flasher ? "flash" : "resin";
    }
}
