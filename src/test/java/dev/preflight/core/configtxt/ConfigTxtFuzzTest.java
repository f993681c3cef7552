package dev.preflight.core.configtxt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.preflight.core.report.Finding;
import dev.preflight.core.report.FindingCode;
import dev.preflight.support.HangGuard;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * 10,000 generated config.txt files: settings (known and unknown keys, spaces around '=', quoted values,
 * inline comments), [filter] sections, comments, initramfs and include lines, malformed and over-long
 * lines, any byte 0-255 and LF/CRLF/CR endings. Documented outcomes: {@link ConfigTxt#parse} never
 * throws and ends in bounded time; it is lossless (renders the same bytes, every line's text and ending
 * in order, a setting's key=value is its text); the checks never throw; and the syntax findings
 * (CONFIG_TXT_SYNTAX, CONFIG_TXT_LINE_TOO_LONG) name a line but never echo its text, so a planted
 * string in a value, comment or malformed line never shows in them.
 */
class ConfigTxtFuzzTest {
    static final String SECRET = "PLANTEDct";
    static final Set<String> FILES = Set.of("kernel8.img", "start4.elf", "fixup4.dat", "bcm2711-rpi-4-b.dtb",
            "overlays/vc4-kms-v3d.dtbo", "overlays/disable-bt.dtbo", "cmdline.txt", "initrd.img");
    static final List<String> KEYS = List.of("dtoverlay", "dtparam", "enable_uart", "gpu_mem", "arm_64bit", "kernel",
            "device_tree", "over_voltage", "force_turbo", "hdmi_group", "start_file", "avoid_warnings", "otg_mode",
            "decode_MPG2", "gpio", "Kernel", "not_a_key", "");

    @Provide
    Arbitrary<byte[]> configs() {
        Arbitrary<String> text = Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(10)
                .map(s -> s.replace(SECRET, ""));
        Arbitrary<String> key = Arbitraries.of(KEYS);
        Arbitrary<String> value = Combinators.combine(text, Arbitraries.of("", SECRET)).as((t, s) -> t + s);
        Arbitrary<String> blanks = Arbitraries.of("", " ", "\t");
        Arbitrary<String> setting = Combinators.combine(blanks, key, Arbitraries.of("=", " =", "= ", " = "), value)
                .as((b, k, eq, v) -> b + k + eq + v);
        Arbitrary<String> quoted = Combinators.combine(key, Arbitraries.of("\"", "'"), value)
                .as((k, q, v) -> k + "=" + q + v + q);
        Arbitrary<String> inlineComment = Combinators.combine(key, text).as((k, t) -> k + "=1 # " + t + SECRET);
        Arbitrary<String> section = Arbitraries.of("[all]", "[pi4]", "[pi5]", "[cm4]", "[none]", "[gpio4=1]",
                "[EDID=VSC-TD2220]", "[tryboot]", "[pi4", "[]", " [pi0w] x");
        Arbitrary<String> comment = Combinators.combine(blanks, text).as((b, t) -> b + "#" + t + SECRET);
        Arbitrary<String> malformed = text.map(t -> "junk " + t.replace("=", "") + SECRET);
        Arbitrary<String> special = Arbitraries.of("initramfs initrd.img followkernel", "initramfs missing.img",
                "include extra.txt", "initramfs", "include\tx.txt");
        Arbitrary<String> longLine = Combinators.combine(Arbitraries.of("# ", "dtparam=", "junk "),
                Arbitraries.integers().between(90, 300)).as((p, n) -> p + "x".repeat(n) + SECRET);
        Arbitrary<String> bytes = Arbitraries.strings().withCharRange('\u0000', '\u00ff').ofMaxLength(20)
                .map(s -> s.replace("\n", "").replace(SECRET, ""));
        Arbitrary<String> line = Arbitraries.frequencyOf(Tuple.of(6, setting), Tuple.of(1, quoted),
                Tuple.of(1, inlineComment), Tuple.of(2, section), Tuple.of(2, comment), Tuple.of(1, malformed),
                Tuple.of(1, special), Tuple.of(1, longLine), Tuple.of(2, bytes), Tuple.of(1, Arbitraries.just("")));
        // a lone CR is no line break to the firmware: the next unit joins this line, which must stay harmless
        Arbitrary<String> newline = Arbitraries.of("\n", "\n", "\r\n", "\r");
        return Combinators.combine(line, newline).as((l, n) -> l + n).list().ofMaxSize(25)
                .map(lines -> String.join("", lines).getBytes(StandardCharsets.ISO_8859_1));
    }

    @Property(tries = 10_000, seed = "20261202")
    void parsesLosslesslyAndSyntaxMessagesNeverEchoTheLine(@ForAll("configs") byte[] bytes) {
        HangGuard.within(Duration.ofSeconds(10), () -> check(bytes));
    }

    private static void check(byte[] bytes) {
        ConfigTxt t = ConfigTxt.parse(bytes);
        assertThat(t.render()).isEqualTo(bytes);
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        int number = 1;
        for (ConfigTxt.Line l : t.lines()) {
            assertThat(l.number()).isEqualTo(number++);
            assertThat(l.text()).doesNotContain("\n");
            assertThat(l.newline()).isIn("\n", "\r\n", "");
            joined.writeBytes((l.text() + l.newline()).getBytes(StandardCharsets.ISO_8859_1));
            if (l.kind() == ConfigTxt.Kind.SETTING) {
                assertThat(l.key() + "=" + l.value()).isEqualTo(l.text());
            }
        }
        assertThat(joined.toByteArray()).isEqualTo(bytes);
        List<Finding> findings = new ConfigTxtChecker(t, new ConfigTxtChecker.Context("c", FILES, "raspberrypi4-64"))
                .check(bytes.length);
        for (Finding f : findings) {
            if (f.code() == FindingCode.CONFIG_TXT_SYNTAX || f.code() == FindingCode.CONFIG_TXT_LINE_TOO_LONG) {
                assertThat(f.message() + f.hint()).doesNotContain(SECRET);
            }
        }
    }
}
