package dev.preflight.core.demo;

import dev.preflight.core.bytes.LittleEndian;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The partition tables of a built image: an MBR whose fourth entry is an extended partition with two
 * logical ones chained by EBRs (as balenaOS's MBR images), or a protective MBR and a GPT with its backup
 * at the end of the disk (UEFI spec §5.3). Partitions are {start, length} in bytes.
 */
final class PartitionTables {
    private static final long SECTOR = BalenaImageBuilder.SECTOR;

    private PartitionTables() {
    }

    private static void mbrEntry(byte[] s, int slot, boolean boot, int type, long lba, long count) {
        int e = 446 + slot * 16;
        s[e] = (byte) (boot ? 0x80 : 0);
        s[e + 1] = (byte) 0xFE;
        s[e + 2] = (byte) 0xFF;
        s[e + 3] = (byte) 0xFF;
        s[e + 4] = (byte) type;
        s[e + 5] = (byte) 0xFE;
        s[e + 6] = (byte) 0xFF;
        s[e + 7] = (byte) 0xFF;
        LittleEndian.put32(s, e + 8, lba);
        LittleEndian.put32(s, e + 12, count);
    }

    static void writeMbr(FileChannel ch, ImageSpec spec, List<long[]> p, long total) throws IOException {
        byte[] mbr = new byte[512];
        LittleEndian.put32(mbr, 440, 0x5eed0000L | spec.deviceType.hashCode() & 0xffff);
        mbrEntry(mbr, 0, true, spec.fatBits == 32 ? 0x0c : 0x0e, p.get(0)[0] / SECTOR, p.get(0)[1] / SECTOR);
        mbrEntry(mbr, 1, false, 0x83, p.get(1)[0] / SECTOR, p.get(1)[1] / SECTOR);
        mbrEntry(mbr, 2, false, 0x83, p.get(2)[0] / SECTOR, p.get(2)[1] / SECTOR);
        mbrEntry(mbr, 3, false, 0x0f, p.get(3)[0] / SECTOR, p.get(3)[1] / SECTOR);
        LittleEndian.put16(mbr, 510, 0xAA55);
        BalenaImageBuilder.write(ch, 0, mbr);
        long ext = p.get(3)[0] / SECTOR;
        long ebr1 = ext;
        long ebr2 = (p.get(4)[0] + p.get(4)[1]) / SECTOR;
        byte[] e1 = new byte[512];
        mbrEntry(e1, 0, false, 0x83, p.get(4)[0] / SECTOR - ebr1, p.get(4)[1] / SECTOR);
        mbrEntry(e1, 1, false, 0x05, ebr2 - ext, (p.get(5)[0] + p.get(5)[1]) / SECTOR - ebr2);
        LittleEndian.put16(e1, 510, 0xAA55);
        BalenaImageBuilder.write(ch, ebr1 * SECTOR, e1);
        byte[] e2 = new byte[512];
        mbrEntry(e2, 0, false, 0x83, p.get(5)[0] / SECTOR - ebr2, p.get(5)[1] / SECTOR);
        LittleEndian.put16(e2, 510, 0xAA55);
        BalenaImageBuilder.write(ch, ebr2 * SECTOR, e2);
    }

    private static final String ESP = "C12A7328-F81F-11D2-BA4B-00A0C93EC93B";
    private static final String LINUX = "0FC63DAF-8483-4772-8E79-3D69D8477DE4";

    static void writeGpt(FileChannel ch, ImageSpec spec, List<long[]> p, long total) throws IOException {
        long sectors = total / SECTOR;
        byte[] pmbr = new byte[512];
        mbrEntry(pmbr, 0, false, 0xEE, 1, Math.min(sectors - 1, 0xFFFFFFFFL));
        LittleEndian.put16(pmbr, 510, 0xAA55);
        BalenaImageBuilder.write(ch, 0, pmbr);
        String px = spec.prefix();
        String[] names = {px + "-boot", px + "-rootA", px + "-rootB", px + "-state", px + "-data"};
        byte[] entries = new byte[128 * 128];
        for (int i = 0; i < p.size(); i++) {
            int off = i * 128;
            putGuid(entries, off, i == 0 ? ESP : LINUX);
            putGuid(entries, off + 16, String.format("%08X-0000-4000-8000-%012X", 0x5eed0000 + i, (long) i));
            LittleEndian.put64(entries, off + 32, p.get(i)[0] / SECTOR);
            LittleEndian.put64(entries, off + 40, (p.get(i)[0] + p.get(i)[1]) / SECTOR - 1);
            byte[] name = names[i].getBytes(StandardCharsets.UTF_16LE);
            System.arraycopy(name, 0, entries, off + 56, name.length);
        }
        CRC32 crc = new CRC32();
        crc.update(entries);
        long entriesCrc = crc.getValue();
        BalenaImageBuilder.write(ch, 2 * SECTOR, entries);
        BalenaImageBuilder.write(ch, (sectors - 33) * SECTOR, entries);
        BalenaImageBuilder.write(ch, SECTOR, gptHeader(1, sectors - 1, 2, sectors, entriesCrc));
        BalenaImageBuilder.write(ch, (sectors - 1) * SECTOR, gptHeader(sectors - 1, 1, sectors - 33, sectors, entriesCrc));
    }

    private static byte[] gptHeader(long my, long alt, long entriesLba, long sectors, long entriesCrc) {
        byte[] h = new byte[512];
        System.arraycopy("EFI PART".getBytes(StandardCharsets.US_ASCII), 0, h, 0, 8);
        LittleEndian.put32(h, 8, 0x00010000);
        LittleEndian.put32(h, 12, 92);
        LittleEndian.put64(h, 24, my);
        LittleEndian.put64(h, 32, alt);
        LittleEndian.put64(h, 40, 34);
        LittleEndian.put64(h, 48, sectors - 34);
        putGuid(h, 56, "5EED5EED-0000-4000-8000-000000000001");
        LittleEndian.put64(h, 72, entriesLba);
        LittleEndian.put32(h, 80, 128);
        LittleEndian.put32(h, 84, 128);
        LittleEndian.put32(h, 88, entriesCrc);
        CRC32 crc = new CRC32();
        crc.update(h, 0, 92);
        LittleEndian.put32(h, 16, crc.getValue());
        return h;
    }

    private static void putGuid(byte[] b, int off, String guid) {
        String hex = guid.replace("-", "");
        byte[] raw = HexFormat.of().parseHex(hex);
        b[off] = raw[3];
        b[off + 1] = raw[2];
        b[off + 2] = raw[1];
        b[off + 3] = raw[0];
        b[off + 4] = raw[5];
        b[off + 5] = raw[4];
        b[off + 6] = raw[7];
        b[off + 7] = raw[6];
        System.arraycopy(raw, 8, b, off + 8, 8);
    }
}
