package dev.preflight.core.wear;

import java.time.YearMonth;
import java.util.HexFormat;
import java.util.Map;

/**
 * Decoding of the SD/MMC CID and CSD registers as Linux prints them in sysfs (32 hex digits, bits
 * 127..0). Layouts: SD Physical Layer spec; Linux drivers/mmc/core/sd.c and mmc.c (mmc_decode_cid,
 * mmc_decode_csd); configtxt-and-wear-facts B5.
 */
public final class SdRegisters {
    /** Manufacturer IDs (crowd-sourced, mmc-utils lsmmc.c): show as "likely vendor". */
    static final Map<Integer, String> SD_VENDORS = Map.ofEntries(Map.entry(0x01, "Panasonic"),
            Map.entry(0x02, "Toshiba/Kingston/Viking"), Map.entry(0x03, "SanDisk"), Map.entry(0x08, "Silicon Power"),
            Map.entry(0x18, "Infineon"), Map.entry(0x1b, "Samsung"), Map.entry(0x1c, "Transcend"),
            Map.entry(0x1d, "Corsair/AData"), Map.entry(0x1e, "Transcend"), Map.entry(0x1f, "Kingston"),
            Map.entry(0x27, "Delkin/Phison"), Map.entry(0x28, "Lexar"), Map.entry(0x30, "SanDisk"),
            Map.entry(0x31, "Silicon Power"), Map.entry(0x33, "STMicroelectronics"), Map.entry(0x41, "Kingston"),
            Map.entry(0x6f, "STMicroelectronics"), Map.entry(0x74, "Transcend"), Map.entry(0x76, "Patriot"),
            Map.entry(0x82, "Gobe/Sony"));
    static final Map<Integer, String> MMC_VENDORS = Map.ofEntries(Map.entry(0x00, "SanDisk"),
            Map.entry(0x02, "Kingston/SanDisk"), Map.entry(0x03, "Toshiba"), Map.entry(0x11, "Toshiba"),
            Map.entry(0x13, "Micron"), Map.entry(0x15, "Samsung/SanDisk/LG"), Map.entry(0x2c, "Kingston"),
            Map.entry(0x37, "KingMax"), Map.entry(0x44, "ATP"), Map.entry(0x45, "SanDisk"), Map.entry(0x70, "Kingston"),
            Map.entry(0xfe, "Micron"));

    /** A decoded CID. {@code manufactured} may be null when the date field is zero. */
    public record Cid(int manufacturerId, String vendor, String oem, String product, String revision, long serial,
                      YearMonth manufactured) {
    }

    private SdRegisters() {
    }

    static int bits(byte[] reg, int hi, int lo) {
        long v = 0;
        for (int bit = hi; bit >= lo; bit--) {
            int byteIndex = (127 - bit) / 8;
            int shift = bit % 8;
            v = (v << 1) | ((reg[byteIndex] >> shift) & 1);
        }
        return (int) v;
    }

    static byte[] hex(String s) {
        String h = s.strip();
        if (!h.matches("[0-9a-fA-F]{32}")) {
            throw new IllegalArgumentException("a CID/CSD is 32 hex digits");
        }
        return HexFormat.of().parseHex(h);
    }

    public static Cid sdCid(String hex) {
        byte[] r = hex(hex);
        int mid = bits(r, 127, 120);
        String oem = ascii(r, 119, 104);
        String pnm = ascii(r, 103, 64);
        int prv = bits(r, 63, 56);
        long psn = bits(r, 55, 40) * 65536L + bits(r, 39, 24);
        int year = bits(r, 19, 12);
        int month = bits(r, 11, 8);
        YearMonth mdt = month >= 1 && month <= 12 ? YearMonth.of(2000 + year, month) : null;
        return new Cid(mid, SD_VENDORS.getOrDefault(mid, "unknown"), oem, pnm, (prv >> 4) + "." + (prv & 0xF), psn, mdt);
    }

    public static Cid mmcCid(String hex) {
        byte[] r = hex(hex);
        int mid = bits(r, 127, 120);
        String oem = String.format("0x%04x", bits(r, 119, 104));
        String pnm = ascii(r, 103, 56);
        int prv = bits(r, 55, 48);
        long psn = bits(r, 47, 32) * 65536L + bits(r, 31, 16);
        int month = bits(r, 15, 12);
        int year = bits(r, 11, 8) + 1997;
        if (year < 2010) {
            year += 16; // eMMC 4.41+ (EXT_CSD_REV >= 5) counts from 2013 (JESD84-B451)
        }
        YearMonth mdt = month >= 1 && month <= 12 ? YearMonth.of(year, month) : null;
        return new Cid(mid, MMC_VENDORS.getOrDefault(mid, "unknown"), oem, pnm, (prv >> 4) + "." + (prv & 0xF), psn, mdt);
    }

    /** Capacity in bytes from an SD CSD (structure 0, 1 or 2), or -1 when the structure is unknown. */
    public static long sdCapacity(String hex) {
        byte[] r = hex(hex);
        int structure = bits(r, 127, 126);
        if (structure == 0) {
            int readBlLen = bits(r, 83, 80);
            int cSize = bits(r, 73, 62);
            int mult = bits(r, 49, 47);
            return (cSize + 1L) << (mult + 2 + readBlLen);
        }
        if (structure == 1) {
            return (bits(r, 69, 48) + 1L) * 512 * 1024;
        }
        if (structure == 2) {
            return (bits(r, 75, 48) + 1L) * 512 * 1024;
        }
        return -1;
    }

    private static String ascii(byte[] r, int hi, int lo) {
        StringBuilder s = new StringBuilder();
        for (int bit = hi; bit > lo; bit -= 8) {
            int c = bits(r, bit, bit - 7);
            s.append(c >= 0x20 && c < 0x7f ? (char) c : '?');
        }
        return s.toString().strip();
    }
}
