package dev.preflight.core.report;

import java.util.List;

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
    IMAGE_TRUNCATED(Severity.ERROR,
            "The compressed image file was cut short (an incomplete download or copy): its data ends early."),
    BOOT_PARTITION_NOT_FOUND(Severity.ERROR,
            "No partition is labelled resin-boot, flash-boot or balena-boot and none holds device-type.json."),
    BOOT_FILESYSTEM_UNREADABLE(Severity.ERROR, "The boot partition does not hold a readable FAT file system."),
    FAT_CHAIN_INVALID(Severity.ERROR,
            "A FAT cluster chain on the boot partition loops or points outside the volume."),
    FAT_CROSS_LINKED(Severity.ERROR,
            "Two files or directories on the boot partition share clusters (cross-linked chains); writing one corrupts the other."),
    FAT_DIRTY(Severity.INFO,
            "The boot partition's FAT dirty bit is set: it was not cleanly unmounted (normal for a card pulled from a running device)."),
    FAT_HARD_ERROR(Severity.WARNING, "The FAT records that an I/O error was seen on the boot partition."),
    FAT_MEDIA_ENTRY_DAMAGED(Severity.WARNING,
            "The first FAT's reserved entry FAT[0] does not repeat the media byte: fsck.fat falls back to the other FAT copy, and gives up on the boot partition when both are damaged."),
    CONFIG_JSON_MISSING(Severity.ERROR, "The boot partition has no config.json."),
    CONFIG_JSON_SYNTAX(Severity.ERROR, "config.json is not valid JSON; balenaOS cannot read it."),
    DEVICE_TYPE_MISSING(Severity.WARNING, "The boot partition has no device-type.json."),
    OS_RELEASE_MISSING(Severity.INFO, "The boot partition has no os-release, so the OS version is not known."),
    FLASHER_IMAGE(Severity.INFO,
            "This is a flasher image: it installs balenaOS onto the device's internal storage."),
    WEAR_FS_ERRORS(Severity.WARNING, "An ext4 file system on the card has recorded errors (often a failing card)."),
    EXT4_UNCLEAN(Severity.INFO, "An ext4 file system was not cleanly unmounted or has an unreplayed journal."),
    EXT4_SUPERBLOCK_INVALID(Severity.WARNING,
            "A balenaOS partition that should hold ext4 has no valid ext4 superblock."),
    PARTITIONS_NOT_READ(Severity.INFO,
            "Partitions deep inside a compressed image were not decompressed (use --deep to read them)."),
    CONFIG_JSON_INVALID_VALUE(Severity.ERROR,
            "A config.json value has the wrong type or format, or a required key is missing."),
    CONFIG_JSON_LENIENT_VALUE(Severity.WARNING,
            "A config.json value is a string the supervisor accepts leniently (\"true\", \"48484\") instead of the proper type."),
    CONFIG_JSON_UUID_INVALID(Severity.ERROR, "uuid is not 32 (or legacy 62) lower-case hex digits."),
    CONFIG_JSON_ENDPOINT_INVALID(Severity.ERROR, "An endpoint in config.json is not a valid URL or host name."),
    CONFIG_JSON_NTP_INVALID(Severity.ERROR, "ntpServers holds something that is not a host name or IP address."),
    CONFIG_JSON_NTP_DISABLED(Severity.WARNING,
            "ntpServers is empty or points nowhere: where public NTP is blocked the clock drifts and TLS to balenaCloud fails."),
    CONFIG_JSON_DNS_INVALID(Severity.ERROR, "dnsServers holds something that is not an IP address."),
    CONFIG_JSON_ROOT_CA_INVALID(Severity.ERROR, "balenaRootCA does not decode to a PEM X.509 certificate."),
    CONFIG_JSON_ROOT_CA_EXPIRY(Severity.WARNING, "The balenaRootCA certificate has expired or expires within 30 days."),
    CONFIG_JSON_ROOT_CA(Severity.INFO, "A custom root CA is configured; its subject and expiry are shown."),
    PERSISTENT_LOGGING_ON_FLASH(Severity.WARNING,
            "persistentLogging is on: the journal is written to the card continuously, wearing SD/eMMC flash."),
    DEVELOPMENT_MODE_ENABLED(Severity.WARNING,
            "developmentMode is on: open SSH, an exposed engine socket and a passwordless console on a card about to ship."),
    CONFIG_JSON_LEGACY_KEY(Severity.WARNING,
            "config.json holds a legacy key (wifiSsid, wifiKey, files, ...) that balenaOS 2.x+ ignores."),
    CONFIG_JSON_STATE(Severity.INFO, "The card's state: unconfigured, configured for a fleet, or provisioned."),
    CONFIG_JSON_INCOMPLETE(Severity.ERROR,
            "config.json names a fleet but has no provisioning key or device key, so the device cannot register."),
    CONFIG_JSON_DEVICE_TYPE_MISMATCH(Severity.ERROR,
            "config.json's deviceType differs from the image's device-type.json."),
    FAT_COPIES_DIFFER(Severity.WARNING,
            "The boot partition's FAT copies differ (an interrupted write); the first copy is used, as Linux does,"
                    + " and when it is sound the next edit makes the copy equal to it."),
    CONFIG_TXT_MISSING(Severity.WARNING, "A Raspberry Pi boot partition has no config.txt (a Pi 5 will not boot from it)."),
    CONFIG_TXT_UNKNOWN_KEY(Severity.WARNING, "config.txt sets a property the firmware does not know; it is ignored."),
    CONFIG_TXT_LINE_TOO_LONG(Severity.ERROR,
            "A config.txt line is longer than 98 characters; the firmware may read its tail as a new setting."),
    CONFIG_TXT_DUPLICATE_KEY(Severity.WARNING, "A config.txt property is set twice in the same section; the last wins."),
    CONFIG_TXT_MISSING_OVERLAY(Severity.ERROR, "A dtoverlay names an overlay whose .dtbo is not in overlays/."),
    CONFIG_TXT_MISSING_FILE(Severity.ERROR,
            "kernel=, start_file=, fixup_file=, initramfs, device_tree= (or similar) names a file that is not there."),
    CONFIG_TXT_DANGEROUS(Severity.ERROR,
            "A setting that permanently changes the board (OTP, EEPROM, warranty bit) or stops it booting."),
    CONFIG_TXT_NO_EFFECT(Severity.WARNING, "A setting that does nothing, or breaks, on this card's device type."),
    CONFIG_TXT_INVALID_VALUE(Severity.ERROR, "A config.txt value is not of the property's type or outside its range."),
    CONFIG_TXT_SYNTAX(Severity.WARNING,
            "A config.txt line the firmware misreads: spaces around '=', quotes, inline comments, CRLF, junk."),
    CONFIG_TXT_TOO_LARGE(Severity.WARNING, "config.txt is large enough to have broken boots (16 KiB+; 32 KiB+ on Pi 5)."),
    CONFIG_TXT_SECTION_OPEN(Severity.INFO, "config.txt ends inside a conditional section."),
    CONFIG_TXT_SUPERVISOR_MANAGED(Severity.INFO, "config.txt sets a key the balena supervisor refuses to manage."),
    WIFI_SSID_INVALID(Severity.ERROR, "A Wi-Fi connection's SSID is empty or longer than 32 bytes."),
    WIFI_PSK_INVALID(Severity.ERROR,
            "A WPA password is not 8-63 printable ASCII characters or 64 hex digits, so the device cannot join."),
    WIFI_PSK_NON_ASCII(Severity.WARNING,
            "A Wi-Fi password holds characters beyond ASCII: NetworkManager accepts it, some access points do not."),
    WIFI_PSK_QUOTED(Severity.WARNING, "A Wi-Fi password is wrapped in quotes that NetworkManager treats as part of it."),
    KEYFILE_SYNTAX(Severity.ERROR, "A file in system-connections/ is not a NetworkManager keyfile NetworkManager can use."),
    WIFI_NOT_CONFIGURED(Severity.WARNING,
            "No network connection is configured on a Wi-Fi-only device type: it cannot connect at boot."),
    FINGERPRINT_MISSING(Severity.WARNING,
            "The boot partition has no balenaOS fingerprint, so its files cannot be verified."),
    BOOT_FILE_MODIFIED(Severity.ERROR,
            "A kernel, device tree, overlay, firmware or bootloader file differs from the OS fingerprint."),
    BOOT_FILE_MISSING(Severity.ERROR, "A file the OS fingerprint lists is missing from the boot partition."),
    BOOT_FILE_UNEXPECTED(Severity.WARNING,
            "A boot-chain file (kernel, dtb, overlay, firmware) is on the boot partition but not in the fingerprint."),
    BOOT_FILE_EXPECTED_CHANGE(Severity.INFO,
            "A file balenaOS keeps user-editable or rewrites at run time differs from the fingerprint (normal)."),
    HOST_OS_LITTER(Severity.WARNING, "Files left by macOS or Windows (.fseventsd, ._*, System Volume Information, FSCK*.REC)."),
    BOOT_FILE_UNCHECKED(Severity.WARNING,
            "A file the OS fingerprint lists was not hashed: it is too large, or the boot partition's files claim more bytes than it holds."),
    WEAR_EMMC_LIFE(Severity.WARNING, "The eMMC reports most of its rated life or spare blocks used."),
    WEAR_LIFETIME_WRITES(Severity.WARNING,
            "The card's file systems have written it over many times (an estimate of flash wear)."),
    WEAR_CARD_AGE(Severity.WARNING, "The card was manufactured years ago (from its CID register)."),
    WEAR_REGISTERS_HIDDEN(Severity.INFO, "The card sits behind a USB reader that hides its CID/CSD/health registers."),
    DATA_PARTITION_NEARLY_FULL(Severity.WARNING, "resin-data is nearly full (the running-out-of-disk-space anti-pattern)."),
    VERIFY_TABLE_MISMATCH(Severity.ERROR, "The card's partition table differs from the reference image's."),
    VERIFY_FILE_DIFFERS(Severity.ERROR, "A boot-chain file on the card differs from the reference image's."),
    VERIFY_FILE_MISSING(Severity.ERROR, "A file of the reference image's boot partition is missing on the card."),
    VERIFY_FILE_EXTRA(Severity.WARNING, "A boot-chain file or host litter on the card is not in the reference image."),
    VERIFY_CONFIG_CHANGED(Severity.INFO, "A configuration file differs from the reference image (expected; diff shown)."),
    VERIFY_PARTITION_MISMATCH(Severity.ERROR, "A partition that should be unchanged (rootA) differs byte for byte."),
    CAPACITY_FAKE(Severity.ERROR,
            "The card holds less data than it claims (a counterfeit or failing card), found by the capacity probe."),
    CARD_SLOW(Severity.WARNING, "The card writes slower than a Class 10 / U1 card (10 MB/s), found by the speed probe."),
    CARD_HISTORY(Severity.INFO, "How often this card was verified or provisioned before, from the provisioning log."),
    PROFILE_MISMATCH(Severity.ERROR, "The card is not what the station profile says a good card of this batch is."),
    SERIAL_KERNEL_PANIC(Severity.ERROR, "The console shows a kernel panic."),
    SERIAL_ROOT_MOUNT_FAILED(Severity.ERROR, "The console shows the root file system could not be mounted."),
    SERIAL_MMC_ERROR(Severity.ERROR, "The console shows SD/MMC errors or timeouts."),
    SERIAL_EXT4_ERROR(Severity.ERROR, "The console shows ext4 file system errors."),
    SERIAL_IO_ERROR(Severity.ERROR, "The console shows block-device I/O errors."),
    SERIAL_UNDERVOLTAGE(Severity.WARNING, "The console shows under-voltage warnings."),
    SERIAL_NO_LOGIN(Severity.WARNING, "The console capture never reached a login prompt."),
    FATRW_BACKUP_LEFTOVER(Severity.ERROR,
            "A fatrw backup (.config.json.*.md5sum) sits next to config.json: the device restores it at boot, undoing edits."),
    PRELOAD_IMAGE_MISSING(Severity.ERROR, "A service image named in the preloaded apps.json is not in resin-data's image store."),
    PRELOAD_RESET_PENDING(Severity.ERROR,
            "resin-data has a preload but no remove_me_to_reset: the first boot wipes the preload."),
    PRELOAD_FLEET_MISMATCH(Severity.ERROR, "The preloaded apps.json belongs to another fleet than config.json."),
    PRELOAD_UNREADABLE(Severity.WARNING, "resin-data or its apps.json could not be read to check the preloaded release."),
    RELEASE_BASE_IMAGE_UNPINNED(Severity.WARNING, "A Dockerfile FROM has no date-pinned tag or digest."),
    RELEASE_NO_MEMORY_LIMIT(Severity.WARNING, "A service has no mem_limit, or one balena reads as unlimited (e.g. 1.5g)."),
    RELEASE_IPTABLES_HOST_NETWORK(Severity.WARNING,
            "A host-networked service sets firewall rules that can cut the device off (443, 53, 123, supervisor0, VPN)."),
    RELEASE_DBUS_HOST_SERVICES(Severity.WARNING, "A service with the D-Bus label stops, disables, masks or restarts host units."),
    RELEASE_REBOOT_TRIGGER(Severity.WARNING, "A service can reboot or shut down the device (the reboot-loop anti-pattern)."),
    RELEASE_SUPERVISOR_API_UNTHROTTLED(Severity.WARNING, "A service calls the supervisor API in a loop with no delay."),
    RELEASE_CONTAINER_FS_WRITES(Severity.WARNING, "A service writes data outside named volumes: lost at the next update."),
    RELEASE_LOGS_UNROTATED(Severity.WARNING, "A service writes log files that nothing rotates: they fill the disk."),
    RELEASE_CONNECTIVITY_IN_CONTAINER(Severity.WARNING,
            "A service sets up networking (modules, udev rules, Wi-Fi) that only exists while it runs."),
    RELEASE_COMPOSE_UNSUPPORTED(Severity.WARNING, "docker-compose.yml uses fields or bind mounts balena ignores or rejects."),
    REBOOT_LOOP_DETECTED(Severity.WARNING,
            "resin-state records a boot loop: the disk watchdog turned itself off, or 3+ boots within 10 minutes."),
    OS_ROLLBACK_HAPPENED(Severity.WARNING, "resin-state records that a host OS update was rolled back."),
    CLOCK_SET_FORWARD(Severity.WARNING, "The device's saved clock (fake-hwclock) is later than now: it was set forward."),
    STATE_FILES_UNREADABLE(Severity.WARNING, "resin-state's files could not be read to look for these traces."),
    SERIAL_REBOOT_LOOP(Severity.WARNING, "The console shows the board booting three or more times.");

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

    /** Areas in the order a report groups them. */
    public static final List<String> AREAS = List.of("partitions", "boot partition", "config.json",
            "config.txt", "network", "integrity", "storage and wear", "profile", "serial console", "release", "device traces");

    /** The area a finding is about, one of {@link #AREAS}; reports group findings by it. */
    public String area() {
        String n = name();
        if (n.startsWith("CONFIG_TXT_")) {
            return "config.txt";
        }
        if (n.startsWith("CONFIG_JSON_") || n.equals("PERSISTENT_LOGGING_ON_FLASH") || n.equals("DEVELOPMENT_MODE_ENABLED")
                || n.equals("FATRW_BACKUP_LEFTOVER")) {
            return "config.json";
        }
        if (n.startsWith("WIFI_") || n.equals("KEYFILE_SYNTAX")) {
            return "network";
        }
        if (n.startsWith("BOOT_FILE_") || n.equals("FINGERPRINT_MISSING") || n.equals("HOST_OS_LITTER")
                || n.startsWith("VERIFY_")) {
            return "integrity";
        }
        if (n.startsWith("WEAR_") || n.equals("DATA_PARTITION_NEARLY_FULL") || n.equals("CAPACITY_FAKE")
                || n.equals("CARD_SLOW") || n.equals("CARD_HISTORY")) {
            return "storage and wear";
        }
        if (n.startsWith("SERIAL_")) {
            return "serial console";
        }
        if (n.equals("REBOOT_LOOP_DETECTED") || n.equals("OS_ROLLBACK_HAPPENED") || n.equals("CLOCK_SET_FORWARD")
                || n.equals("STATE_FILES_UNREADABLE")) {
            return "device traces";
        }
        if (n.startsWith("PRELOAD_") || n.startsWith("RELEASE_")) {
            return "release";
        }
        if (n.equals("PROFILE_MISMATCH")) {
            return "profile";
        }
        if (n.startsWith("PARTITION") || n.startsWith("GPT_") || n.equals("EXTENDED_CHAIN_INVALID")
                || n.equals("IMAGE_TRUNCATED")) {
            return "partitions";
        }
        return "boot partition";
    }
}
