package dev.preflight.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.core.provision.ProvisioningLog;
import dev.preflight.core.provision.StationSettings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The station the in-process command line runs as in a test: its data folder (keys, backups, the
 * provisioning log; the system property {@code preflight.dataDir}), the card-lock settings and standard
 * input. Register it with {@code @RegisterExtension}; all of these are put back as they were after each
 * test, whatever the test changed. Tests run the command line in-process with {@code CliTest.run}, or in
 * a JVM of its own with {@link #inItsOwnJvm}.
 *
 * <pre>
 * &#64;TempDir Path dir;
 * &#64;RegisterExtension final CliStation station = CliStation.in(() -&gt; dir.resolve("data"));
 * </pre>
 */
public final class CliStation implements BeforeEachCallback, AfterEachCallback {
    static final String DATA_DIR = "preflight.dataDir";
    static final String LOCK_WAIT = "preflight.lockWaitMillis";
    static final String LOCK_DIR = "preflight.lockDir";

    private final Supplier<Path> first;
    private final Map<String, String> saved = new HashMap<>();
    private InputStream stdin;

    private CliStation(Supplier<Path> first) {
        this.first = first;
    }

    /**
     * A station whose data folder is {@code folder} from the start of each test. The supplier is asked
     * before each test, after JUnit has filled the test's {@code @TempDir} fields, so it may name one.
     */
    public static CliStation in(Supplier<Path> folder) {
        return new CliStation(folder);
    }

    /** A station whose data folder the test chooses itself with {@link #use}. */
    public static CliStation chosenByTheTest() {
        return new CliStation(null);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        for (String key : List.of(DATA_DIR, LOCK_WAIT, LOCK_DIR)) {
            saved.put(key, System.getProperty(key));
        }
        stdin = System.in;
        if (first != null) {
            use(first.get());
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        saved.forEach((key, value) -> {
            if (value == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, value);
            }
        });
        saved.clear();
        System.setIn(stdin);
    }

    /** From now on to the end of the test, the command line keeps its data in {@code folder}. */
    public void use(Path folder) {
        System.setProperty(DATA_DIR, folder.toString());
    }

    /**
     * From now on the station named {@code name}, with its data folder (key, settings) {@code folder};
     * the name is kept in its settings, as 'preflight log connect --station' does.
     */
    public void named(String name, Path folder) throws IOException {
        use(folder);
        StationSettings.save(null, name);
    }

    /** A log at {@code file} with one {@link #batchRecord} appended per verdict. */
    public static ProvisioningLog logOf(Path file, String... verdicts) throws IOException {
        ProvisioningLog log = new ProvisioningLog(file);
        for (String verdict : verdicts) {
            log.append(batchRecord("disk:" + verdict, verdict));
        }
        return log;
    }

    /** The data folder in use now. */
    public Path folder() {
        return Path.of(System.getProperty(DATA_DIR));
    }

    /** Runs {@code action} with the data folder {@code folder}, then goes back to the one before. */
    public <T> T during(Path folder, Supplier<T> action) {
        Path was = folder();
        use(folder);
        try {
            return action.get();
        } finally {
            use(was);
        }
    }

    /** How long an editor waits for another one's card lock before it gives up (exit 3). */
    public void lockWaitMillis(long millis) {
        System.setProperty(LOCK_WAIT, Long.toString(millis));
    }

    /** Where the card locks are kept. */
    public void lockDir(Path folder) {
        System.setProperty(LOCK_DIR, folder.toString());
    }

    /** What the command line reads from standard input ({@code --psk-stdin}): {@code text} in UTF-8. */
    public void stdin(String text) {
        System.setIn(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The command that runs the command line in a JVM of its own, as {@code ./preflight} does: this JVM's
     * {@code java}, {@code jvmOptions}, this JVM's class path, the launcher and {@code args}.
     */
    public static List<String> inItsOwnJvm(List<String> jvmOptions, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.preflight.Launcher"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /**
     * A provisioning-log record of a card checked by {@code batch}, with only the fields the log
     * commands read: the action, the card's identity and the verdict. {@link ProvisioningLog#append}
     * adds the rest.
     */
    public static ObjectNode batchRecord(String identity, String verdict) {
        ObjectNode n = new ObjectMapper().createObjectNode();
        n.put("action", "batch");
        n.putObject("card").put("identity", identity);
        n.put("verdict", verdict);
        return n;
    }
}
