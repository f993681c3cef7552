package dev.preflight.core.report;

/**
 * The stable catalogue of finding codes. Names are a public contract: users' scripts match on
 * them, so a code is never renamed or removed, only added. docs/findings.md lists the same set;
 * a test keeps the two in step.
 */
public enum FindingCode {
    PARTITION_TABLE_INVALID(Severity.ERROR,
            "No usable partition table: neither a valid MBR, a valid GPT nor a bare FAT volume was found."),
    PARTITION_OUT_OF_RANGE(Severity.ERROR,
            "A partition starts or ends beyond the end of the image or card (truncated image or wrong table)."),
    PARTITION_OVERLAP(Severity.ERROR, "Two partitions claim the same sectors."),
    EXTENDED_CHAIN_INVALID(Severity.ERROR,
            "The chain of logical partitions inside the MBR extended partition loops or points outside it."),
    GPT_PRIMARY_DAMAGED(Severity.WARNING,
            "The primary GPT header or its partition array fails its CRC; the backup copy was used."),
    GPT_BACKUP_DAMAGED(Severity.WARNING, "The backup GPT header is missing or fails its CRC."),
    BOOT_PARTITION_NOT_FOUND(Severity.ERROR,
            "No partition is labelled resin-boot, flash-boot or balena-boot and none holds device-type.json."),
    BOOT_FILESYSTEM_UNREADABLE(Severity.ERROR, "The boot partition does not hold a readable FAT file system."),
    FAT_CHAIN_INVALID(Severity.ERROR,
            "A FAT cluster chain on the boot partition loops or points outside the volume."),
    FAT_DIRTY(Severity.INFO,
            "The boot partition's FAT dirty bit is set: it was not cleanly unmounted (normal for a card pulled from a running device)."),
    FAT_HARD_ERROR(Severity.WARNING, "The FAT records that an I/O error was seen on the boot partition."),
    CONFIG_JSON_MISSING(Severity.ERROR, "The boot partition has no config.json."),
    CONFIG_JSON_SYNTAX(Severity.ERROR, "config.json is not valid JSON; balenaOS cannot read it."),
    DEVICE_TYPE_MISSING(Severity.WARNING, "The boot partition has no device-type.json."),
    OS_RELEASE_MISSING(Severity.INFO, "The boot partition has no os-release, so the OS version is not known."),
    FLASHER_IMAGE(Severity.INFO,
            "This is a flasher image: it installs balenaOS onto the device's internal storage."),
    EXT4_ERRORS(Severity.WARNING, "An ext4 file system has recorded errors."),
    EXT4_UNCLEAN(Severity.INFO, "An ext4 file system was not cleanly unmounted or has an unreplayed journal."),
    EXT4_SUPERBLOCK_INVALID(Severity.WARNING,
            "A balenaOS partition that should hold ext4 has no valid ext4 superblock."),
    PARTITIONS_NOT_READ(Severity.INFO,
            "Partitions deep inside a compressed image were not decompressed (use --deep to read them).");

    private final Severity defaultSeverity;
    private final String meaning;

    FindingCode(Severity defaultSeverity, String meaning) {
        this.defaultSeverity = defaultSeverity;
        this.meaning = meaning;
    }

    public Severity defaultSeverity() {
        return defaultSeverity;
    }

    public String meaning() {
        return meaning;
    }
}
