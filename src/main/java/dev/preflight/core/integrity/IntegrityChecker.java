package dev.preflight.core.integrity;

import dev.preflight.core.fat.BootFileSystem;
import dev.preflight.core.fat.FatVolume;
import dev.preflight.core.report.Finding;
import dev.preflight.core.report.FindingCode;
import dev.preflight.core.report.Locus;
import dev.preflight.core.report.Severity;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Verifies the boot partition against its fingerprint and judges each difference like an expert
 * (balenaos-image-facts §2.5): config.json is never listed; files balenaOS keeps user-editable or
 * rewrites at run time are expected differences; host-OS litter is a warning with a clean-up action;
 * a changed or missing kernel, device tree, overlay, firmware or bootloader file is an error.
 */
public final class IntegrityChecker {
    /** Largest file hashed; bigger files on a boot partition are reported unchecked. */
    public static final int MAX_FILE = 64 << 20;
    /** Most bytes hashed in one check, whatever the file system says (boot partitions hold tens of MiB). */
    static final long MAX_HASHED = 1L << 30;

    /** UNCHECKED: listed and present, but not hashed (too large, or beyond what the volume can hold). */
    public enum Status { MATCHES, MODIFIED, MISSING, NOT_LISTED, UNCHECKED }

    /** How a file's status should be read. */
    public enum Judgement { OK, EXPECTED, LITTER, PROBLEM }

    public record FileResult(String path, Status status, Judgement judgement, String expectedMd5, String actualMd5) {
    }

    public record Result(String fingerprintFile, List<FileResult> files, Map<Status, Integer> counts) {
    }

    private IntegrityChecker() {
    }

    public static Result check(BootFileSystem fs, String where, List<Finding> findings) throws IOException {
        Fingerprint fp = null;
        for (String name : Fingerprint.NAMES) {
            byte[] b = fs.read(name, 4 << 20);
            if (b != null) {
                fp = Fingerprint.parse(name, b);
                break;
            }
        }
        if (fp == null) {
            findings.add(Finding.of(FindingCode.FINGERPRINT_MISSING, "There is no balenaos.fingerprint (or older"
                    + " resinos/resin-boot fingerprint) on " + where + ", so its files cannot be verified.", where,
                    "Every balenaOS image has one; the boot partition was replaced or is not balenaOS. Reflash the card."));
            return null;
        }
        Map<String, BootFileSystem.BootFile> present = new LinkedHashMap<>();
        for (BootFileSystem.BootFile f : fs.files()) {
            present.put(Fingerprint.normalise(f.path()), f);
        }
        List<FileResult> results = new ArrayList<>();
        HashBudget budget = new HashBudget(fs);
        // files that start at the same cluster with the same size hold the same bytes (cross-linked entries):
        // each such chain is read and hashed once, however many entries point at it
        Map<String, String> md5ByChain = new HashMap<>();
        FatVolume fat = fs instanceof FatVolume v ? v : null;
        for (Map.Entry<String, String> e : fp.md5ByPath().entrySet()) {
            BootFileSystem.BootFile f = present.get(e.getKey());
            if (f == null) {
                results.add(new FileResult(e.getKey(), Status.MISSING, judge(e.getKey(), Status.MISSING), e.getValue(), null));
                continue;
            }
            String chain = fat == null || fat.firstCluster(f.path()) < 0 ? null : fat.firstCluster(f.path()) + ":" + f.size();
            String actual = chain == null ? null : md5ByChain.get(chain);
            if (actual == null) {
                if (!budget.take(f)) {
                    results.add(new FileResult(f.path(), Status.UNCHECKED, judge(f.path(), Status.UNCHECKED),
                            e.getValue(), null));
                    continue;
                }
                actual = md5(fs.read(f.path(), MAX_FILE));
                if (chain != null) {
                    md5ByChain.put(chain, actual);
                }
            }
            Status s = e.getValue().equals(actual) ? Status.MATCHES : Status.MODIFIED;
            results.add(new FileResult(f.path(), s, judge(f.path(), s), e.getValue(), actual));
        }
        budget.report(where, findings);
        for (Map.Entry<String, BootFileSystem.BootFile> e : present.entrySet()) {
            String p = e.getKey();
            if (!fp.md5ByPath().containsKey(p) && !Fingerprint.NAMES.contains(p) && !isConfigJson(p)) {
                results.add(new FileResult(e.getValue().path(), Status.NOT_LISTED, judge(p, Status.NOT_LISTED), null, null));
            }
        }
        report(results, fp, where, findings);
        Map<Status, Integer> counts = new LinkedHashMap<>();
        for (Status s : Status.values()) {
            counts.put(s, (int) results.stream().filter(r -> r.status() == s).count());
        }
        return new Result(fp.file(), results, counts);
    }

    static boolean isConfigJson(String path) {
        return path.toLowerCase(Locale.ROOT).endsWith("config.json")
                && (path.indexOf('/') < 0 || path.toLowerCase(Locale.ROOT).endsWith("/config.json"));
    }

    /** The expert's rules (balenaos-image-facts §2.4, §2.5). */
    public static Judgement judge(String path, Status status) {
        if (status == Status.MATCHES) {
            return Judgement.OK;
        }
        String p = path.toLowerCase(Locale.ROOT);
        String name = p.substring(p.lastIndexOf('/') + 1);
        if (name.startsWith("._") || p.startsWith(".fseventsd/") || p.startsWith(".trashes")
                || p.startsWith(".spotlight-v100/") || p.startsWith("system volume information/")
                || p.startsWith("$recycle.bin/") || name.matches("fsck\\d*\\.rec") || name.equals(".ds_store")
                || name.matches("\\.config\\.json\\..*\\.tmp")) {
            return Judgement.LITTER;
        }
        if (isConfigJson(p) || p.equals("config.txt") || p.startsWith("splash/") || p.startsWith("system-connections/")
                || p.startsWith("system-proxy/") || p.startsWith("dispatcher.d/") || p.equals("bootcount.env")
                || p.equals("resinos_uenv.txt") || p.equals("extra_uenv.txt") || p.endsWith("grubenv")
                || p.endsWith("grub_extraenv") || p.equals("bootenv") || p.equals("configfs.json")
                || p.equals("hw_intfc.conf") || p.equals("cmdline.txt") || p.equals("os-release")
                || p.equals("image-version-info") || p.endsWith(".stamp") || Fingerprint.NAMES.contains(p)) {
            return Judgement.EXPECTED;
        }
        return status == Status.NOT_LISTED ? unlisted(p) : Judgement.PROBLEM;
    }

    /** A file nobody shipped: harmless unless it is the kind of file the boot chain loads. */
    private static Judgement unlisted(String p) {
        boolean bootChain = p.endsWith(".img") || p.endsWith(".dtb") || p.endsWith(".dtbo") || p.endsWith(".elf")
                || p.endsWith(".dat") || p.endsWith(".bin") || p.endsWith(".efi") || p.equals("boot.scr")
                || p.startsWith("efi/") || p.startsWith("grub/");
        return bootChain ? Judgement.PROBLEM : Judgement.EXPECTED;
    }

    private static void report(List<FileResult> results, Fingerprint fp, String where, List<Finding> findings) {
        List<String> litter = new ArrayList<>();
        for (FileResult r : results) {
            String at = where + ":/" + r.path();
            if (r.judgement() == Judgement.LITTER) {
                litter.add(r.path());
            } else if (r.status() == Status.MODIFIED && r.judgement() == Judgement.PROBLEM) {
                findings.add(Finding.of(FindingCode.BOOT_FILE_MODIFIED, r.path() + " on " + where + " differs from "
                        + fp.file() + " (md5 " + r.actualMd5() + ", expected " + r.expectedMd5() + ").", at,
                        "The OS was modified or the card is corrupt: reflash it with the original image.").at(Locus.file(r.path())));
            } else if (r.status() == Status.MISSING && r.judgement() == Judgement.PROBLEM) {
                findings.add(Finding.of(FindingCode.BOOT_FILE_MISSING, r.path() + " is listed in " + fp.file()
                        + " but missing from " + where + ".", at, "Reflash the card with the original image.").at(Locus.file(r.path())));
            } else if (r.status() == Status.NOT_LISTED && r.judgement() == Judgement.PROBLEM) {
                findings.add(Finding.of(FindingCode.BOOT_FILE_UNEXPECTED, r.path() + " on " + where + " is not in "
                        + fp.file() + " and is the kind of file the boot chain loads.", at,
                        "Remove it unless you added it on purpose; it was not part of the OS image.").at(Locus.file(r.path())));
            } else if (r.judgement() == Judgement.EXPECTED && r.status() != Status.MATCHES
                    && r.status() != Status.UNCHECKED) {
                findings.add(new Finding(FindingCode.BOOT_FILE_EXPECTED_CHANGE, Severity.INFO, r.path() + " is "
                        + r.status().name().toLowerCase(Locale.ROOT).replace('_', ' ') + " compared with " + fp.file()
                        + "; balenaOS expects this file to be edited or rewritten.", at, null).at(Locus.file(r.path())));
            }
        }
        if (!litter.isEmpty()) {
            findings.add(Finding.of(FindingCode.HOST_OS_LITTER, litter.size() + " file(s) left by a desktop OS on "
                    + where + ": " + String.join(", ", litter.subList(0, Math.min(5, litter.size())))
                    + (litter.size() > 5 ? ", ..." : "") + ".", where, "Delete them (macOS: dot_clean; or remove"
                    + " .fseventsd, ._* and System Volume Information); they waste boot-partition space."));
        }
        if (fp.unparsedLines() > 0) {
            findings.add(Finding.of(FindingCode.BOOT_FILE_MODIFIED, fp.file() + " has " + fp.unparsedLines()
                    + " line(s) that are not md5sum output.", where + ":/" + fp.file(),
                    "The fingerprint itself was edited or damaged; reflash the card.").at(Locus.file(fp.file())));
        }
    }

    public static String md5(byte[] b) {
        if (b == null) {
            return null;
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
