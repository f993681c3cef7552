package dev.preflight.core.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reviewer's attacks on the provisioning log, on real files: each one must be found by
 * {@code verify()}, and a crash must never look like one.
 */
class SignedLogTest {
    @TempDir
    Path dir;

    Path file;
    ProvisioningLog log;

    Path logOf(int records) throws IOException {
        file = dir.resolve("log.jsonl");
        log = new ProvisioningLog(file);
        for (int i = 1; i <= records; i++) {
            log.append(ProvisioningLogTest.rec("card-" + i, i % 3 == 0 ? "fail" : "pass"));
        }
        return file;
    }

    static List<ObjectNode> records(Path f) throws IOException {
        List<ObjectNode> out = new ArrayList<>();
        for (String l : Files.readAllLines(f)) {
            out.add((ObjectNode) ProvisioningLog.JSON.readTree(l));
        }
        return out;
    }

    static void write(Path f, List<ObjectNode> records) throws IOException {
        StringBuilder s = new StringBuilder();
        for (ObjectNode r : records) {
            s.append(ProvisioningLog.JSON.writeValueAsString(r)).append('\n');
        }
        Files.writeString(f, s.toString());
    }

    /** What an attacker without the key can do: renumber and recompute every SHA-256 link. */
    static List<ObjectNode> rechain(List<ObjectNode> records) {
        String prev = "0".repeat(64);
        long seq = 1;
        for (ObjectNode r : records) {
            r.remove("hash");
            r.remove("sig");
            r.put("seq", seq++);
            r.put("prevHash", prev);
            prev = ProvisioningLog.hash(r);
            r.put("hash", prev);
        }
        return records;
    }

    @Test
    void deletingTheLastRecordIsDetected() throws Exception {
        logOf(5);
        assertThat(log.verify()).isEmpty();
        List<ObjectNode> r = records(file);
        write(file, r.subList(0, 4));
        assertThat(log.verify()).anySatisfy(p -> assertThat(p).contains("record 5", "missing from the end"));
    }

    @Test
    void deletingAMiddleRecordIsDetectedEvenWithTheChainRebuilt() throws Exception {
        logOf(5);
        List<ObjectNode> r = records(file);
        r.remove(2);
        write(file, r);
        assertThat(log.verify()).anySatisfy(p -> assertThat(p).contains("record(s) 3 are missing before record 4"));
        write(file, rechain(r));
        assertThat(log.verify()).isNotEmpty().anySatisfy(p -> assertThat(p).contains("signed head"));
    }

    @Test
    void aVerdictAlteredWithTheChainRecomputedIsDetected() throws Exception {
        logOf(5);
        List<ObjectNode> r = records(file);
        assertThat(r.get(2).path("verdict").asText()).isEqualTo("fail");
        r.get(2).put("verdict", "pass");
        write(file, rechain(r));
        assertThat(log.verify()).isNotEmpty().anySatisfy(p -> assertThat(p).contains("record 5", "signed head"));
    }

    @Test
    void aSecondValueOrAKeyWrittenTwiceOnARecordLineIsDetected() throws Exception {
        logOf(3);
        List<String> lines = Files.readAllLines(file);
        String second = lines.get(1);
        // jq and other JSON Lines readers see a fourth record after record 2
        lines.set(1, second + " {\"seq\": 2, \"verdict\": \"pass\"}");
        Files.write(file, lines);
        assertThat(log.verify()).anySatisfy(p -> assertThat(p).contains("line 2"));
        // a reader that keeps the first of two keys sees another verdict than the one hashed
        lines.set(1, "{\"verdict\":\"fail\"," + second.substring(1));
        Files.write(file, lines);
        assertThat(log.verify()).anySatisfy(p -> assertThat(p).contains("line 2"));
    }

    @Test
    void aWholeJsonLineAfterTheLastRecordIsNoInterruptedWrite() throws Exception {
        logOf(3);
        // no newline, as a crash leaves a line; but a torn line is never complete JSON, and jq reads this one
        Files.writeString(file, "{\"seq\": 4, \"verdict\": \"pass\", \"card\": {\"identity\": \"cid:forged\"}}",
                StandardOpenOption.APPEND);
        assertThat(log.verify()).anySatisfy(p -> assertThat(p).contains("line 4"));
        log.append(ProvisioningLogTest.rec("card-5", "pass"));
        assertThat(log.verify()).as("sealed by the next append, still not a crash")
                .anySatisfy(p -> assertThat(p).contains("line 4"));
    }

    @Test
    void gigabytesAfterTheLastRecordAreNoInterruptedWrite() throws Exception {
        logOf(3);
        // 2 MiB of NUL bytes without a newline: longer than any record, so no append left them
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(Files.size(file));
            ch.write(java.nio.ByteBuffer.allocate(2 << 20), Files.size(file));
        }
        assertThat(log.verify()).anySatisfy(p -> assertThat(p).contains("line 4", "unreadable"));
    }

    @Test
    void aFewNulBytesAfterTheLastRecordAreAnInterruptedWrite() throws Exception {
        logOf(3);
        // a file size committed before its data at a power cut: the record's bytes read as NUL
        Files.write(file, new byte[700], StandardOpenOption.APPEND);
        assertThat(log.verify()).isEmpty();
        assertThat(log.check().notes()).anySatisfy(n -> assertThat(n).contains("interrupted write"));
    }

    @Test
    void anUnreadableLineBeforeAnUnfinishedLastLineIsNoInterruptedWrite() throws Exception {
        logOf(3);
        Files.writeString(file, "not a record\n{\"seq\": 4, \"verd", StandardOpenOption.APPEND);
        assertThat(log.verify()).singleElement().asString().contains("line 4");
        assertThat(log.check().notes()).anySatisfy(n -> assertThat(n).contains("line 5"));
    }

    @Test
    void aTornLastLineIsSealedByTheNextAppendAndIsNotTampering() throws Exception {
        logOf(5);
        Path head = dir.resolve("log.head");
        Path headBefore = dir.resolve("head-before");
        if (Files.exists(head)) {
            Files.copy(head, headBefore);
        }
        long size = Files.size(file);
        log.append(ProvisioningLogTest.rec("card-6", "pass"));
        long full = Files.size(file);
        // the machine stops in the middle of writing record 6: half its line is on disk, the head is the old one
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(size + (full - size) / 2);
        }
        if (Files.exists(headBefore)) {
            Files.copy(headBefore, head, StandardCopyOption.REPLACE_EXISTING);
        }
        assertThat(Files.readString(file)).doesNotEndWith("\n");
        assertThat(log.verify()).isEmpty();
        log.append(ProvisioningLogTest.rec("card-7", "pass"));
        log.append(ProvisioningLogTest.rec("card-8", "pass"));
        assertThat(log.read().records()).extracting(n -> n.path("seq").asLong()).containsExactly(1L, 2L, 3L, 4L, 5L,
                6L, 7L);
        assertThat(log.verify()).isEmpty();
        assertThat(Files.readAllLines(file, StandardCharsets.UTF_8)).hasSize(8);
    }

    @Test
    void anInterruptedAppendBetweenRecordAndHeadIsANoteNotTampering() throws Exception {
        logOf(3);
        Path head = log.headFile();
        byte[] before = Files.readAllBytes(head);
        log.append(ProvisioningLogTest.rec("card-4", "pass"));
        Files.write(head, before); // the process stopped after writing record 4 and before replacing the head
        LogCheck c = log.check();
        assertThat(c.problems()).isEmpty();
        assertThat(c.notes()).singleElement().asString().contains("record 4 was written but the signed head was not"
                + " updated");
        log.append(ProvisioningLogTest.rec("card-5", "pass"));
        assertThat(log.check().problems()).isEmpty();
        assertThat(log.check().notes()).isEmpty();
    }

    @Test
    void aRecordAddedWithoutTheKeyIsDetected() throws Exception {
        logOf(3);
        List<ObjectNode> r = records(file);
        ObjectNode forged = r.get(2).deepCopy();
        forged.put("verdict", "pass").put("seq", 4).put("prevHash", r.get(2).path("hash").asText());
        forged.put("hash", ProvisioningLog.hash(forged)); // keeps the copied "sig", which signs record 3
        r.add(forged);
        write(file, r);
        assertThat(log.verify()).singleElement().asString().contains("record 4 after the signed head", "not signed");
    }

    @Test
    void recordsCutFromTheEndStayFoundAfterTheNextAppend() throws Exception {
        logOf(5);
        write(file, records(file).subList(0, 3));
        log.append(ProvisioningLogTest.rec("card-x", "pass"));
        assertThat(log.verify()).singleElement().asString().contains("when record 4 was appended",
                "did not match its signed head", "the head said 5 record(s)");
    }

    @Test
    void aDeletedOrEditedHeadIsDetected() throws Exception {
        logOf(3);
        String head = Files.readString(log.headFile());
        Files.writeString(log.headFile(), head.replace("\"count\" : 3", "\"count\" : 2"));
        assertThat(log.verify()).anySatisfy(p -> assertThat(p).contains("signature does not verify"));
        Files.delete(log.headFile());
        assertThat(log.verify()).singleElement().asString().contains("there is no signed head");
        log.append(ProvisioningLogTest.rec("card-4", "pass"));
        assertThat(log.verify()).singleElement().asString().contains("when record 4 was appended the signed head was"
                + " missing");
    }

    @Test
    void aLogFromBeforeSigningKeepsItsHashesAndIsSignedFromItsNextAppend() throws Exception {
        file = dir.resolve("old.jsonl");
        log = new ProvisioningLog(file);
        List<ObjectNode> old = new ArrayList<>();
        String prev = ProvisioningLog.GENESIS;
        for (int i = 1; i <= 3; i++) {
            ObjectNode r = ProvisioningLogTest.rec("caf\u00e9 \"" + i + "\"\n\u0001", i == 2 ? "fail" : "pass");
            r.put("zeta", 1.5).put("alpha", (String) null).put("big", Long.MAX_VALUE).put("\u00e9t\u00e9", "\u2603");
            r.putArray("findingCodes").add("A").addObject().put("b", 2).put("a", 1);
            r.put("seq", i).put("prevHash", prev).put("time", "2026-11-2" + i + "T10:00:00Z");
            // the hash exactly as Preflight computed it before records were signed
            prev = Signatures.sha256(ProvisioningLog.JSON.writeValueAsBytes(ProvisioningLog.JSON.treeToValue(r,
                    Object.class)));
            old.add(r.put("hash", prev));
        }
        write(file, old);
        for (ObjectNode r : records(file)) {
            assertThat(ProvisioningLog.hash(r)).isEqualTo(r.path("hash").asText());
        }
        assertThat(log.verify()).singleElement().asString().contains("there is no signed head");
        log.append(ProvisioningLogTest.rec("card-4", "pass"));
        LogCheck c = log.check();
        assertThat(c.problems()).isEmpty();
        assertThat(c.notes()).containsExactly("records 1-3 predate signing: written before this log had a signed head,"
                + " they are only hash-chained");
    }

    @Test
    void appendReadsOnlyTheEndOfTheFile() throws Exception {
        logOf(3);
        byte[] tail = Files.readAllBytes(file);
        Path big = dir.resolve("big.jsonl");
        // 4 GiB of hole (no disk space used) before the records: reading the file whole would not fit in memory
        try (var raf = new RandomAccessFile(big.toFile(), "rw")) {
            raf.setLength(4L << 30);
            raf.seek(4L << 30);
            raf.write('\n');
            raf.write(tail);
        }
        Files.copy(log.headFile(), LogHead.fileFor(big));
        ProvisioningLog bigLog = new ProvisioningLog(big);
        ObjectNode r = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> bigLog.append(ProvisioningLogTest.rec("card-4", "pass")));
        assertThat(r.path("seq").asLong()).isEqualTo(4);
        assertThat(r.has("continuity")).isFalse();
        assertThat(r.path("prevHash").asText()).isEqualTo(records(file).get(2).path("hash").asText());
        assertThat(LogHead.read(bigLog.headFile()).count()).isEqualTo(4);
    }

    @Test
    void twoProcessesAppendingAtOnceKeepOneChain() throws Exception {
        file = dir.resolve("shared.jsonl");
        Path keys = dir.resolve("keys"); // neither process has a key yet: they must also agree on one
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> ps = new ArrayList<>();
        for (String name : new String[] {"a", "b"}) {
            ps.add(new ProcessBuilder(javaBin, "-cp", cp, AppendProcess.class.getName(), file.toString(),
                    keys.toString(), name, "60").redirectErrorStream(true).start());
        }
        for (Process p : ps) {
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
        }
        ProvisioningLog shared = new ProvisioningLog(file, keys);
        List<ObjectNode> all = shared.read().records();
        assertThat(all).hasSize(120);
        assertThat(all).extracting(n -> n.path("card").path("identity").asText()).filteredOn(s -> s.startsWith("a-"))
                .hasSize(60);
        LogCheck c = shared.check();
        assertThat(c.problems()).isEmpty();
        assertThat(c.notes()).isEmpty();
        assertThat(c.signedBy()).isNotNull();
    }

    @Test
    void theStationKeyIsPrivateToItsOwner() throws Exception {
        Path keys = dir.resolve("k");
        new ProvisioningLog(dir.resolve("l.jsonl"), keys).append(ProvisioningLogTest.rec("c", "pass"));
        assumeTrue(FileSystems.getDefault()
                .supportedFileAttributeViews().contains("posix"), "POSIX permissions only");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keys)))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                keys.resolve(StationKey.FILE)))).isEqualTo("rw-------");
        assertThat(StationKey.in(keys).keyId()).isEqualTo(Signatures.keyId(StationKey.existingPublicKey(keys)));
    }
}
