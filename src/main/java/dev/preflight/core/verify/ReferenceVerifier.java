package dev.preflight.core.verify;

import dev.preflight.core.boot.PartitionInfo;
import dev.preflight.core.bytes.Sha256;
import dev.preflight.core.configjson.MaskedText;
import dev.preflight.core.edit.LineDiff;
import dev.preflight.core.fat.BootFileSystem;
import dev.preflight.core.fat.FatFormatException;
import dev.preflight.core.fat.FatVolume;
import dev.preflight.core.image.ByteSource;
import dev.preflight.core.image.ImageOpener;
import dev.preflight.core.image.OpenedInput;
import dev.preflight.core.image.ReadBudget;
import dev.preflight.core.image.SourceFailures;
import dev.preflight.core.inspect.InspectOptions;
import dev.preflight.core.inspect.InspectionReport;
import dev.preflight.core.inspect.InspectionService;
import dev.preflight.core.integrity.HashBudget;
import dev.preflight.core.integrity.IntegrityChecker;
import dev.preflight.core.report.ErrorCode;
import dev.preflight.core.report.Finding;
import dev.preflight.core.report.FindingCode;
import dev.preflight.core.report.PreflightException;
import dev.preflight.core.report.Severity;
import dev.preflight.core.report.Verdict;
import dev.preflight.core.task.CancellationToken;
import dev.preflight.core.task.ProgressListener;
import java.io.EOFException;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code preflight verify CARD --reference IMAGE}: compares a card with the image it was flashed
 * from — partition tables, every boot-partition file (config files as diffs, secrets masked) and,
 * with {@code full}, the bytes of the partitions the card should hold unchanged (rootA), streamed
 * with SHA-256 digests of both sides.
 */
public final class ReferenceVerifier {
    static final int CHUNK = 4 << 20;
    private static final int MAX_FILE = IntegrityChecker.MAX_FILE;

    public record FileDiff(String path, String status, String diff) {
    }

    public record PartitionDigest(int number, String label, long bytes, String cardSha256, String referenceSha256,
                                  boolean match) {
    }

    public record Result(String card, String reference, List<Finding> findings, List<FileDiff> files,
                         List<PartitionDigest> partitions, Verdict verdict) {
    }

    public Result verify(String card, String reference, boolean full, ProgressListener progress,
                         CancellationToken cancel) {
        ReadBudget budget = ReadBudget.whole();
        InspectionService inspector = new InspectionService();
        InspectionReport c = inspector.inspect(card, new InspectOptions(false, null, null, budget), ProgressListener.NONE,
                cancel);
        InspectionReport r = inspector.inspect(reference, new InspectOptions(true, null, null, budget),
                ProgressListener.NONE, cancel);
        List<Finding> findings = new ArrayList<>();
        if (c.partitionTable() == null || r.partitionTable() == null) {
            throw new PreflightException(ErrorCode.UNREADABLE_INPUT, (c.partitionTable() == null ? card : reference)
                    + " has no readable partition table.", "Run 'preflight inspect' on it to see why.");
        }
        tables(c, r, findings);
        List<FileDiff> files = new ArrayList<>();
        List<PartitionDigest> digests = new ArrayList<>();
        try (OpenedInput ci = ImageOpener.open(card, cancel, budget);
             OpenedInput ri = ImageOpener.open(reference, cancel, budget)) {
            try {
                compare(ci, c, ri, r, full, files, digests, findings, progress, cancel);
            } catch (EOFException e) {
                cutShort(ci);
                cutShort(ri);
                throw e;
            }
            for (OpenedInput in : List.of(ci, ri)) {
                if (in.bytes() != null && in.bytes().truncation() != null) {
                    findings.add(Finding.of(FindingCode.IMAGE_TRUNCATED, in.bytes().name() + " "
                            + in.bytes().truncation() + ".", "image", "Get the image again and compare its checksum."));
                }
            }
        } catch (IOException e) {
            SourceFailures.rethrowIfFatal(e);
            throw new PreflightException(ErrorCode.INCOMPLETE, "Comparing " + card + " with " + reference + " failed: "
                    + e.getMessage(), "Check that the card is still inserted.", e);
        }
        return new Result(card, reference, findings, files, digests, Verdict.of(findings));
    }

    /** A source that ended early because its file was cut short is bad input (exit 2), not a failing card. */
    private static void cutShort(OpenedInput in) {
        if (in.bytes() != null && in.bytes().truncation() != null) {
            throw new PreflightException(ErrorCode.UNREADABLE_INPUT, in.bytes().name() + " " + in.bytes().truncation()
                    + ".", "Get the image again and compare its checksum with the one published.");
        }
    }

    private static void compare(OpenedInput ci, InspectionReport c, OpenedInput ri, InspectionReport r, boolean full,
                                List<FileDiff> files, List<PartitionDigest> digests, List<Finding> findings,
                                ProgressListener progress, CancellationToken cancel) throws IOException {
        bootFiles(ci.bytes(), c, ri.bytes(), r, files, findings);
        if (!full) {
            return;
        }
        for (PartitionInfo rp : r.partitionTable().partitions()) {
            if (unchangedOnDevice(rp)) {
                PartitionInfo cp = byNumber(c, rp.number());
                if (cp != null) {
                    digests.add(digest(ci.bytes(), cp, ri.bytes(), rp, progress, cancel, findings));
                }
            }
        }
    }

    /** rootA holds the OS the card was flashed with; the others change in normal use. */
    static boolean unchangedOnDevice(PartitionInfo p) {
        String l = p.label() == null ? "" : p.label().toLowerCase(Locale.ROOT);
        return l.endsWith("-roota");
    }

    private static PartitionInfo byNumber(InspectionReport r, int n) {
        for (PartitionInfo p : r.partitionTable().partitions()) {
            if (p.number() == n) {
                return p;
            }
        }
        return null;
    }

    private static void tables(InspectionReport c, InspectionReport r, List<Finding> findings) {
        if (!c.partitionTable().scheme().equals(r.partitionTable().scheme())) {
            findings.add(Finding.of(FindingCode.VERIFY_TABLE_MISMATCH, "The card has a " + c.partitionTable().scheme()
                    + " partition table, the reference " + r.partitionTable().scheme() + ".", "partition table",
                    "This card was not flashed from this image."));
            return;
        }
        List<PartitionInfo> rp = r.partitionTable().partitions();
        for (int i = 0; i < rp.size(); i++) {
            PartitionInfo ref = rp.get(i);
            PartitionInfo card = byNumber(c, ref.number());
            boolean last = i == rp.size() - 1 || "extended".equals(ref.kind());
            if (card == null) {
                findings.add(Finding.of(FindingCode.VERIFY_TABLE_MISMATCH, "Partition " + ref.number()
                        + " of the reference is missing on the card.", "partition " + ref.number(),
                        "Reflash the card from the reference image."));
            } else if (card.start() != ref.start() || (card.size() != ref.size() && !(last && card.size() > ref.size()))) {
                findings.add(Finding.of(FindingCode.VERIFY_TABLE_MISMATCH, String.format("Partition %d is at %d+%d"
                        + " on the card but %d+%d in the reference.", ref.number(), card.start(), card.size(),
                        ref.start(), ref.size()), "partition " + ref.number(), "Reflash the card from the reference image."));
            }
        }
    }

    private static void bootFiles(ByteSource cardBytes, InspectionReport c, ByteSource refBytes, InspectionReport r,
                                  List<FileDiff> files, List<Finding> findings) throws IOException {
        if (c.boot() == null || r.boot() == null || c.boot().partition() == null || r.boot().partition() == null) {
            findings.add(Finding.of(FindingCode.VERIFY_FILE_DIFFERS, "The boot partition of "
                    + (c.boot() == null ? "the card" : "the reference") + " could not be found.", "boot partition",
                    "Run 'preflight inspect' on both."));
            return;
        }
        BootFileSystem cf = open(cardBytes, byNumber(c, c.boot().partition()));
        BootFileSystem rf = open(refBytes, byNumber(r, r.boot().partition()));
        Map<String, BootFileSystem.BootFile> cardPaths = new LinkedHashMap<>();
        cf.files().forEach(f -> cardPaths.put(f.path().toLowerCase(Locale.ROOT), f));
        Map<String, BootFileSystem.BootFile> refPaths = new LinkedHashMap<>();
        rf.files().forEach(f -> refPaths.put(f.path().toLowerCase(Locale.ROOT), f));
        TreeSet<String> all = new TreeSet<>(cardPaths.keySet());
        all.addAll(refPaths.keySet());
        HashBudget cardBudget = new HashBudget(cf);
        HashBudget refBudget = new HashBudget(rf);
        for (String key : all) {
            BootFileSystem.BootFile cardFile = cardPaths.get(key);
            BootFileSystem.BootFile refFile = refPaths.get(key);
            String path = (cardFile != null ? cardFile : refFile).path();
            if (cardFile != null && refFile != null && (!cardBudget.take(cardFile) | !refBudget.take(refFile))) {
                files.add(new FileDiff(path, "unchecked", null));
                continue;
            }
            // a file on one side only is not read: its presence is all that is compared
            byte[] a = cardFile == null ? null : refFile == null ? new byte[0] : cf.read(cardFile.path(), MAX_FILE);
            byte[] b = refFile == null ? null : cardFile == null ? new byte[0] : rf.read(refFile.path(), MAX_FILE);
            IntegrityChecker.Judgement j = IntegrityChecker.judge(path, a == null ? IntegrityChecker.Status.MISSING
                    : b == null ? IntegrityChecker.Status.NOT_LISTED : IntegrityChecker.Status.MODIFIED);
            if (a != null && b != null && Arrays.equals(a, b)) {
                files.add(new FileDiff(path, "match", null));
            } else if (a == null) {
                files.add(new FileDiff(path, "missing", null));
                findings.add(new Finding(FindingCode.VERIFY_FILE_MISSING, j == IntegrityChecker.Judgement.PROBLEM
                        ? Severity.ERROR : Severity.WARNING, path + " is in the reference but not on the card.",
                        "boot:/" + path, "Reflash the card, or restore the file."));
            } else if (b == null) {
                files.add(new FileDiff(path, "extra", null));
                if (j == IntegrityChecker.Judgement.PROBLEM || j == IntegrityChecker.Judgement.LITTER) {
                    findings.add(new Finding(FindingCode.VERIFY_FILE_EXTRA, j == IntegrityChecker.Judgement.PROBLEM
                            ? Severity.ERROR : Severity.WARNING, path + " is on the card but not in the reference.",
                            "boot:/" + path, "Remove it unless it was added on purpose."));
                }
            } else {
                String diff = isText(path) ? textDiff(path, b, a) : null;
                files.add(new FileDiff(path, "differs", diff));
                findings.add(new Finding(j == IntegrityChecker.Judgement.PROBLEM ? FindingCode.VERIFY_FILE_DIFFERS
                        : FindingCode.VERIFY_CONFIG_CHANGED, j == IntegrityChecker.Judgement.PROBLEM ? Severity.ERROR
                        : Severity.INFO, path + " differs from the reference" + (j == IntegrityChecker.Judgement.PROBLEM
                        ? " (md5 " + IntegrityChecker.md5(a) + " vs " + IntegrityChecker.md5(b) + ")." : "; this file is"
                        + " expected to be configured."), "boot:/" + path,
                        j == IntegrityChecker.Judgement.PROBLEM ? "The OS on the card was modified: reflash it." : null));
            }
        }
        cardBudget.report("the card's boot partition", findings);
        refBudget.report("the reference's boot partition", findings);
    }

    private static BootFileSystem open(ByteSource bytes, PartitionInfo p) throws IOException {
        try {
            return FatVolume.open(bytes, p.start(), p.size());
        } catch (FatFormatException e) {
            throw new IOException("the boot partition cannot be read: " + e.getMessage(), e);
        }
    }

    static boolean isText(String path) {
        String p = path.toLowerCase(Locale.ROOT);
        return p.endsWith(".json") || p.endsWith(".txt") || p.startsWith("system-connections/")
                || p.startsWith("system-proxy/") || p.endsWith(".env") || p.endsWith("os-release");
    }

    /** A line diff, reference -> card, with secrets masked (docs/decisions/0012-one-secret-policy.md). */
    static String textDiff(String path, byte[] reference, byte[] card) {
        String diff = LineDiff.lines(MaskedText.of(path, reference, false), MaskedText.of(path, card, false));
        return diff.isEmpty() ? ONLY_SECRETS + System.lineSeparator() : diff;
    }

    /** What the diff of a file says when the two differ only where the masks are. */
    static final String ONLY_SECRETS = "(only masked secret values differ)";

    private static PartitionDigest digest(ByteSource card, PartitionInfo cp, ByteSource ref, PartitionInfo rp,
                                          ProgressListener progress, CancellationToken cancel, List<Finding> findings)
            throws IOException {
        long bytes = rp.size();
        MessageDigest ca = Sha256.digest();
        MessageDigest ra = Sha256.digest();
        byte[] cb = new byte[CHUNK];
        byte[] rb = new byte[CHUNK];
        long firstDiff = -1;
        for (long off = 0; off < bytes; off += CHUNK) {
            cancel.throwIfCancelled();
            int n = (int) Math.min(CHUNK, bytes - off);
            fill(card, cp.start() + off, cb, n);
            fill(ref, rp.start() + off, rb, n);
            ca.update(cb, 0, n);
            ra.update(rb, 0, n);
            if (firstDiff < 0 && !Arrays.equals(cb, 0, n, rb, 0, n)) {
                firstDiff = off;
            }
            progress.progress("Comparing partition " + rp.number(), off + n, bytes);
        }
        String c = HexFormat.of().formatHex(ca.digest());
        String r = HexFormat.of().formatHex(ra.digest());
        boolean match = c.equals(r);
        if (!match) {
            findings.add(Finding.of(FindingCode.VERIFY_PARTITION_MISMATCH, "Partition " + rp.number() + " ("
                    + rp.label() + ") differs from the reference (first difference in the 4 MiB block at byte "
                    + firstDiff + "; sha256 " + c + " vs " + r + ").", "partition " + rp.number(),
                    "The OS partition was modified or the card returns wrong data: reflash, and replace the card if"
                            + " it happens again."));
        }
        return new PartitionDigest(rp.number(), rp.label(), bytes, c, r, match);
    }

    private static void fill(ByteSource s, long pos, byte[] buf, int n) throws IOException {
        int done = 0;
        while (done < n) {
            int got = s.read(pos + done, buf, done, n - done);
            if (got < 0) {
                Arrays.fill(buf, done, n, (byte) 0);
                throw new EOFException(s.name() + " ends inside partition data at byte " + (pos + done));
            }
            done += got;
        }
    }
}
