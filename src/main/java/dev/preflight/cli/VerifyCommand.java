package dev.preflight.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.core.inspect.ReportJson;
import dev.preflight.core.report.Verdict;
import dev.preflight.core.task.CancellationToken;
import dev.preflight.core.task.ProgressListener;
import dev.preflight.core.verify.ReferenceVerifier;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code preflight verify CARD --reference IMAGE [--full]}: is this card still what was flashed? */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {VerifyCommand.SUMMARY},
        footer = {"", "Exit codes: 0 the card matches (configuration changes allowed), 1 differences found,",
                "2 unreadable input, 3 could not complete, 4 cancelled."})
final class VerifyCommand extends CliCommand {
    /** The description's first line: the command's line in the root's help. */
    static final String SUMMARY = "Compare a card (or image) with the image it was flashed from: partition tables, every"
            + " boot-partition file (configuration files as diffs, secrets masked) and, with --full, the bytes"
            + " of rootA with SHA-256 digests of both sides.";

    @Parameters(paramLabel = "CARD", description = "Card, image or folder to check.")
    String card;

    @Option(names = "--reference", required = true, paramLabel = "IMAGE", description = "The image it was flashed"
            + " from (raw or compressed).")
    String reference;

    @Option(names = "--full", description = "Also compare the bytes of rootA (streams the whole partition).")
    boolean full;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        CancellationToken cancel = new CancellationToken();
        ProgressListener progress = ConsoleProgress.onTerminal(err(), false);
        ReferenceVerifier.Result r;
        try (CtrlC interrupt = CtrlC.cancels(cancel)) {
            r = new ReferenceVerifier().verify(card, reference, full, progress, cancel);
        } finally {
            ConsoleProgress.clear(progress);
        }
        PrintWriter out = out();
        if (json) {
            out.print(json(r));
        } else {
            text(out, r);
        }
        out.flush();
        return r.verdict() == Verdict.FAIL ? 1 : 0;
    }

    private static void text(PrintWriter out, ReferenceVerifier.Result r) {
        out.println("Card       " + r.card());
        out.println("Reference  " + r.reference());
        long match = r.files().stream().filter(f -> f.status().equals("match")).count();
        out.println("Boot files " + match + " of " + r.files().size() + " identical");
        for (ReferenceVerifier.FileDiff f : r.files()) {
            if (!f.status().equals("match")) {
                out.println("  " + f.status() + ": " + f.path());
                if (f.diff() != null) {
                    f.diff().lines().forEach(l -> out.println("      " + l));
                }
            }
        }
        for (ReferenceVerifier.PartitionDigest d : r.partitions()) {
            out.printf("Partition %d (%s): %s%n  card      sha256 %s%n  reference sha256 %s%n", d.number(), d.label(),
                    d.match() ? "identical" : "DIFFERS", d.cardSha256(), d.referenceSha256());
        }
        out.println();
        out.print(TextReport.findings(r.findings()));
        out.println();
        out.println("Verdict: " + r.verdict().word().toUpperCase());
    }

    private static String json(ReferenceVerifier.Result r) throws Exception {
        ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = m.createObjectNode();
        root.put("card", r.card());
        root.put("reference", r.reference());
        ArrayNode files = root.putArray("files");
        for (ReferenceVerifier.FileDiff f : r.files()) {
            ObjectNode n = files.addObject();
            n.put("path", f.path());
            n.put("status", f.status());
            n.put("diff", f.diff());
        }
        ArrayNode parts = root.putArray("partitions");
        for (ReferenceVerifier.PartitionDigest d : r.partitions()) {
            ObjectNode n = parts.addObject();
            n.put("number", d.number());
            n.put("label", d.label());
            n.put("bytes", d.bytes());
            n.put("cardSha256", d.cardSha256());
            n.put("referenceSha256", d.referenceSha256());
            n.put("match", d.match());
        }
        ReportJson.findings(root.putArray("findings"), r.findings());
        root.put("verdict", r.verdict().word());
        return m.writeValueAsString(root) + System.lineSeparator();
    }
}
