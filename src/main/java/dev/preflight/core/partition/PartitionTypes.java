package dev.preflight.core.partition;

import java.util.Map;

/** Human names for the partition types found on balenaOS and common cards. */
public final class PartitionTypes {
    private static final Map<Integer, String> MBR = Map.ofEntries(
            Map.entry(0x01, "FAT12"), Map.entry(0x04, "FAT16 <32M"), Map.entry(0x05, "Extended"),
            Map.entry(0x06, "FAT16"), Map.entry(0x07, "NTFS/exFAT"), Map.entry(0x0b, "W95 FAT32"),
            Map.entry(0x0c, "W95 FAT32 (LBA)"), Map.entry(0x0e, "W95 FAT16 (LBA)"),
            Map.entry(0x0f, "W95 Extended (LBA)"), Map.entry(0x82, "Linux swap"), Map.entry(0x83, "Linux"),
            Map.entry(0x85, "Linux extended"), Map.entry(0xee, "GPT protective"), Map.entry(0xef, "EFI System"));
    private static final Map<String, String> GPT = Map.of(
            "C12A7328-F81F-11D2-BA4B-00A0C93EC93B", "EFI System",
            "0FC63DAF-8483-4772-8E79-3D69D8477DE4", "Linux filesystem",
            "EBD0A0A2-B9E5-4433-87C0-68B6B72699C7", "Microsoft basic data",
            "E3C9E316-0B5C-4DB8-817D-F92DF00215AE", "Microsoft reserved",
            "21686148-6449-6E6F-744E-656564454649", "BIOS boot",
            "0657FD6D-A4AB-43C4-84E5-0933C84B4F4F", "Linux swap");

    private PartitionTypes() {
    }

    public static String mbrName(int type) {
        return MBR.getOrDefault(type, "unknown");
    }

    public static String gptName(String guid) {
        return GPT.getOrDefault(guid, "unknown");
    }

    public static boolean isExtended(int type) {
        return type == 0x05 || type == 0x0f || type == 0x85;
    }
}
