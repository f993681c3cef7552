package dev.preflight.core.wear;

import dev.preflight.core.bytes.LittleEndian;
import dev.preflight.core.image.Disk;
import dev.preflight.core.report.Finding;
import dev.preflight.core.report.FindingCode;
import dev.preflight.core.task.CancellationToken;
import dev.preflight.core.task.ProgressListener;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * A fast, sampled fake-capacity check for a card about to be flashed (DESTROYS its data), after
 * f3probe's idea (configtxt-and-wear-facts B9): blocks at the last sector, every power-of-two
 * boundary and random places are stamped with their own offset and a per-run salt and filled with
 * data derived from both; after a flush and a reopen, reading them back tells good blocks from
 * blocks that alias another address (wrap-around fakes), lost writes (zeros, 0xFF, garbage) and I/O
 * errors. A binary search between the highest good and lowest bad block estimates the real size.
 * Then sequential write and read speed are measured. A probe is its settings: the per-run salt, how
 * many blocks to sample and how many bytes the speed test moves (0 skips it).
 */
public record CapacityProbe(long salt, int samples, long speedBytes) {
    static final int BLOCK = 4096;
    /** Class 10 / UHS-I U1 minimum sequential write (SD Association speed classes), MB/s. */
    public static final double MIN_WRITE_MBPS = 10;

    /** Opens the device again (to drop caches between writing and reading). */
    public interface Reopener {
        Disk reopen() throws IOException;
    }

    public record Result(long claimedBytes, long usableBytes, int samples, int good, int aliased, int lost,
                         int ioErrors, double writeMBps, double readMBps, List<Finding> findings) {
        public boolean fake() {
            return aliased + lost + ioErrors > 0;
        }
    }

    public Result run(Disk first, Reopener reopen, long claimed, ProgressListener progress, CancellationToken cancel)
            throws IOException {
        TreeSet<Long> positions = positions(claimed);
        Disk disk = first;
        int done = 0;
        for (long pos : positions) {
            cancel.throwIfCancelled();
            try {
                disk.write(pos, pattern(pos));
            } catch (IOException e) {
                // a write error shows up as an unreadable or wrong block below
            }
            progress.progress("Writing test blocks", ++done, positions.size() * 2L);
        }
        disk.force();
        disk = reopen.reopen();
        int good = 0;
        int aliased = 0;
        int lost = 0;
        int errors = 0;
        long highestGood = -1;
        long lowestBad = Long.MAX_VALUE;
        for (long pos : positions) {
            cancel.throwIfCancelled();
            Outcome o = check(disk, pos);
            switch (o) {
                case GOOD:
                    good++;
                    highestGood = Math.max(highestGood, pos);
                    break;
                case ALIASED:
                    aliased++;
                    break;
                case LOST:
                    lost++;
                    break;
                default:
                    errors++;
            }
            if (o != Outcome.GOOD) {
                lowestBad = Math.min(lowestBad, pos);
            }
            progress.progress("Reading test blocks back", ++done, positions.size() * 2L);
        }
        long usable = claimed;
        if (lowestBad != Long.MAX_VALUE) {
            usable = bisect(disk, reopen, Math.max(0, highestGood < lowestBad ? highestGood : 0), lowestBad, cancel);
        }
        double[] speed = speed(disk, claimed, cancel);
        List<Finding> findings = new ArrayList<>();
        if (lowestBad != Long.MAX_VALUE) {
            findings.add(Finding.of(FindingCode.CAPACITY_FAKE, String.format(Locale.ROOT, "The card claims %d MiB but"
                            + " only about %d MiB hold data: %d of %d test blocks failed (%d aliased to another address,"
                            + " %d lost, %d unreadable).", claimed >> 20, usable >> 20, aliased + lost + errors,
                    positions.size(), aliased, lost, errors), "capacity probe",
                    "This is a counterfeit or failing card: balenaOS would expand resin-data past its real end and"
                            + " corrupt itself. Do not use it."));
        }
        if (speed[0] > 0 && speed[0] < MIN_WRITE_MBPS) {
            findings.add(Finding.of(FindingCode.CARD_SLOW, String.format(Locale.ROOT, "Sequential write speed is %.1f"
                    + " MB/s, below the %.0f MB/s of a Class 10 / U1 card.", speed[0], MIN_WRITE_MBPS),
                    "speed probe", "Use an A1/A2, U3 or industrial card; slow cards time out during updates."));
        }
        return new Result(claimed, usable, positions.size(), good, aliased, lost, errors, speed[0], speed[1], findings);
    }

    /** The last block, every power-of-two MiB boundary (and the block before it), and random blocks. */
    TreeSet<Long> positions(long claimed) {
        TreeSet<Long> p = new TreeSet<>();
        long blocks = claimed / BLOCK;
        p.add((blocks - 1) * BLOCK);
        for (long b = 1L << 20; b < claimed; b <<= 1) {
            p.add(b);
            p.add(b - BLOCK);
        }
        Random r = new Random(salt);
        while (p.size() < samples && p.size() < blocks) {
            p.add(Math.floorMod(r.nextLong(), blocks) * BLOCK);
        }
        return p;
    }

    byte[] pattern(long pos) {
        byte[] b = new byte[BLOCK];
        SplittableRandom r = new SplittableRandom(pos ^ salt);
        for (int i = 16; i < BLOCK; i += 8) {
            LittleEndian.put64(b, i, r.nextLong());
        }
        LittleEndian.put64(b, 0, pos);
        LittleEndian.put64(b, 8, salt);
        return b;
    }

    enum Outcome { GOOD, ALIASED, LOST, IO_ERROR }

    Outcome check(Disk disk, long pos) {
        byte[] got = new byte[BLOCK];
        try {
            disk.read(pos, got);
        } catch (IOException e) {
            return Outcome.IO_ERROR;
        }
        if (Arrays.equals(got, pattern(pos))) {
            return Outcome.GOOD;
        }
        if (LittleEndian.u64(got, 8) == salt) {
            long other = LittleEndian.u64(got, 0);
            if (other != pos && Arrays.equals(got, pattern(other))) {
                return Outcome.ALIASED;
            }
        }
        return Outcome.LOST;
    }

    /** Narrows the boundary between a good and a bad offset with fresh writes (f3probe-style). */
    private long bisect(Disk disk, Reopener reopen, long good, long bad, CancellationToken cancel) throws IOException {
        long lo = good;
        long hi = bad;
        Disk d = disk;
        for (int i = 0; i < 24 && hi - lo > BLOCK; i++) {
            cancel.throwIfCancelled();
            long mid = (lo + (hi - lo) / 2) / BLOCK * BLOCK;
            if (mid <= lo) {
                break;
            }
            try {
                d.write(mid, pattern(mid));
                d.force();
            } catch (IOException e) {
                hi = mid;
                continue;
            }
            d = reopen.reopen();
            // re-check the low anchor too: a wrap-around card overwrites it when mid aliases onto it
            if (check(d, mid) == Outcome.GOOD && (lo == 0 || check(d, lo) == Outcome.GOOD)) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo + BLOCK;
    }

    /** Sequential write then read of {@code speedBytes} in the middle of the card, in MB/s. */
    private double[] speed(Disk disk, long claimed, CancellationToken cancel) throws IOException {
        if (speedBytes <= 0 || claimed < 8 * speedBytes) {
            return new double[] {0, 0};
        }
        long at = claimed / 2 / (1 << 20) * (1 << 20);
        byte[] buf = new byte[1 << 20];
        new Random(salt).nextBytes(buf);
        long t0 = System.nanoTime();
        for (long off = 0; off < speedBytes; off += buf.length) {
            cancel.throwIfCancelled();
            disk.write(at + off, buf);
        }
        disk.force();
        double write = speedBytes / 1e6 / ((System.nanoTime() - t0) / 1e9);
        // read a region that was not just written, so the OS cache does not answer for the card
        long readAt = claimed / 4 / (1 << 20) * (1 << 20);
        t0 = System.nanoTime();
        for (long off = 0; off < speedBytes; off += buf.length) {
            cancel.throwIfCancelled();
            disk.read(readAt + off, buf);
        }
        double read = speedBytes / 1e6 / ((System.nanoTime() - t0) / 1e9);
        return new double[] {write, read};
    }

}
