package dev.preflight.core.inspect;

import dev.preflight.core.boot.PartitionInfo;
import dev.preflight.core.integrity.IntegrityChecker;
import dev.preflight.core.release.Release;
import dev.preflight.core.report.Finding;
import dev.preflight.core.report.Verdict;
import dev.preflight.core.wear.WearReport;
import java.util.List;

/**
 * Everything {@code preflight inspect} found. Serialised by {@link ReportJson}; the JSON shape is
 * documented in docs/cli.md and is a contract.
 */
public record InspectionReport(Source source, Table partitionTable, Boot boot, Os os, Config config,
                               IntegrityChecker.Result integrity, WearReport wear, List<Finding> findings,
                               Verdict verdict,
                               long durationMillis, Release release) {

    public InspectionReport {
        findings = List.copyOf(findings);
    }

    /** A report without a preloaded release. */
    public InspectionReport(Source source, Table partitionTable, Boot boot, Os os, Config config,
                            IntegrityChecker.Result integrity, WearReport wear, List<Finding> findings, Verdict verdict,
                            long durationMillis) {
        this(source, partitionTable, boot, os, config, integrity, wear, findings, verdict, durationMillis, null);
    }

    /** @param size bytes, null when not known without decompressing everything */
    public record Source(String path, String kind, Long size, String compression, String innerFile) {
    }

    public record Table(String scheme, String diskId, int sectorSize, List<PartitionInfo> partitions) {
    }


    /** @param foundBy label, device-type.json, first-partition or folder */
    public record Boot(Integer partition, String label, String filesystem, String foundBy, int fileCount,
                       long totalFileBytes, Long freeBytes, boolean dirty) {
    }

    public record Os(String deviceType, String version, String variant, boolean flasher, String name,
                     String imageVersionInfo, String configLocation) {
    }

    /** A summary of config.json; never holds a secret. */
    public record Config(boolean present, Integer sizeBytes, boolean valid, String format, List<String> keys,
                         String deviceType, Long applicationId, String uuid, String hostname, String state,
                         String sha256WithoutSecrets) {
    }
}
