package dev.preflight.core.configtxt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.preflight.core.report.Finding;
import dev.preflight.core.report.FindingCode;
import dev.preflight.core.report.Severity;
import dev.preflight.support.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The lossless parser/writer and the checks, on balenaOS's real default files and hand-made bad ones. */
class ConfigTxtTest {
    static final Set<String> PI4_FILES = Set.of("kernel8.img", "start4.elf", "fixup4.dat", "start4cd.elf",
            "fixup4cd.dat", "bcm2711-rpi-4-b.dtb", "overlays/vc4-kms-v3d.dtbo", "overlays/disable-bt.dtbo", "cmdline.txt");

    static byte[] real(String name) throws Exception {
        return Files.readAllBytes(Fixtures.real("config-txt/" + name));
    }

    static List<Finding> check(String text, String deviceType) {
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        return new ConfigTxtChecker(ConfigTxt.parse(b), new ConfigTxtChecker.Context("c", PI4_FILES, deviceType))
                .check(b.length);
    }

    static List<FindingCode> codes(List<Finding> f) {
        return f.stream().map(Finding::code).collect(Collectors.toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"raspberrypi3-64.config.txt", "raspberrypi4-64.config.txt", "raspberrypi5.config.txt",
            "raspberrypi-legacy2018-devimage.supervisor-fixture.config.txt", "supervisor-fixture-rpi4.config.txt"})
    void realFilesRoundTripByteForByte(String name) throws Exception {
        byte[] b = real(name);
        assertThat(ConfigTxt.parse(b).render()).isEqualTo(b);
    }

    @Test
    void balenaDefaultsHaveNoErrorsOnTheirOwnDeviceTypes() throws Exception {
        for (String slug : new String[] {"raspberrypi3-64", "raspberrypi4-64", "raspberrypi5"}) {
            byte[] b = real(slug + ".config.txt");
            List<Finding> f = new ConfigTxtChecker(ConfigTxt.parse(b), new ConfigTxtChecker.Context("c", null, slug))
                    .check(b.length);
            assertThat(f).as(slug).noneMatch(x -> x.severity() == Severity.ERROR);
            assertThat(f).as(slug).noneMatch(x -> x.code() == FindingCode.CONFIG_TXT_UNKNOWN_KEY);
        }
    }

    @Test
    void anEditTouchesOnlyItsLine() throws Exception {
        byte[] b = real("raspberrypi4-64.config.txt");
        ConfigTxt t = ConfigTxt.parse(b);
        t.set("disable_splash", "0", null);
        String[] before = new String(b, StandardCharsets.ISO_8859_1).split("\n", -1);
        String[] after = new String(t.render(), StandardCharsets.ISO_8859_1).split("\n", -1);
        assertThat(after).hasSameSizeAs(before);
        int changed = 0;
        for (int i = 0; i < before.length; i++) {
            if (!before[i].equals(after[i])) {
                changed++;
                assertThat(after[i]).isEqualTo("disable_splash=0");
            }
        }
        assertThat(changed).isEqualTo(1);
    }

    @Test
    void newKeysAreAppendedUnderTheRightSection() {
        ConfigTxt t = ConfigTxt.parse("a=1\n[cm4]\notg_mode=1\n".getBytes());
        t.set("enable_uart", "1", null);
        t.set("otg_mode", "0", "cm4");
        t.set("hdmi_enable_4kp60", "1", "pi4");
        assertThat(new String(t.render())).isEqualTo("a=1\n[cm4]\notg_mode=0\n[all]\nenable_uart=1\n[pi4]\n"
                + "hdmi_enable_4kp60=1\n");
        assertThat(t.get("enable_uart", null)).isEqualTo("1");
        assertThat(t.unset("enable_uart", "all")).isEqualTo(1);
        assertThatThrownBy(() -> t.set("Bad Key", "1", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> t.set("a", "1\n2", null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void crlfAndMissingFinalNewlineAreKept() {
        byte[] b = "# c\r\ngpu_mem=16\r\n[all]\r\nx=1".getBytes();
        ConfigTxt t = ConfigTxt.parse(b);
        assertThat(t.render()).isEqualTo(b);
        t.set("y", "2", null);
        assertThat(new String(t.render())).isEqualTo("# c\r\ngpu_mem=16\r\n[all]\r\nx=1\r\ny=2\r\n");
    }

    @Test
    void syntaxProblems() {
        List<Finding> f = check("kernel_address = 0x3b000000\ndtoverlay=\"vc4-kms-v3d\"\nenable_uart=1 # console\n"
                + "just some words\n# " + "x".repeat(120) + "\n", "raspberrypi4-64");
        assertThat(codes(f)).contains(FindingCode.CONFIG_TXT_SYNTAX, FindingCode.CONFIG_TXT_LINE_TOO_LONG);
        assertThat(f).filteredOn(x -> x.code() == FindingCode.CONFIG_TXT_SYNTAX).hasSize(4);
        assertThat(f).filteredOn(x -> x.code() == FindingCode.CONFIG_TXT_LINE_TOO_LONG).singleElement()
                .satisfies(x -> assertThat(x.location()).isEqualTo("c:5"));
    }

    @Test
    void unknownDuplicateAndInvalidValues() {
        List<Finding> f = check("hdmi_force_hotplug1=1\ngpu_mem=16\ngpu_mem=64\nenable_uart=yes\narm_freq=abc\n"
                + "temp_limit=95\ndtparam=a=on\ndtparam=b=on\nhdmi_mode:1=16\n", "raspberrypi4-64");
        assertThat(f).filteredOn(x -> x.code() == FindingCode.CONFIG_TXT_UNKNOWN_KEY).extracting(Finding::location)
                .containsExactly("c:1");
        assertThat(f).filteredOn(x -> x.code() == FindingCode.CONFIG_TXT_DUPLICATE_KEY).extracting(Finding::location)
                .containsExactly("c:3");
        assertThat(f).filteredOn(x -> x.code() == FindingCode.CONFIG_TXT_INVALID_VALUE).extracting(Finding::location)
                .containsExactly("c:4", "c:5", "c:6");
    }

    @Test
    void missingOverlaysAndFiles() {
        List<Finding> f = check("dtoverlay=vc4-kms-v3d,cma-320\ndtoverlay=i2c-rtc,ds3231\ndtoverlay=\n"
                + "kernel=kernel7.img\ninitramfs initrd.img followkernel\nstart_x=1\ndevice_tree=bcm2711-rpi-4-b.dtb\n",
                "raspberrypi4-64");
        assertThat(f).filteredOn(x -> x.code() == FindingCode.CONFIG_TXT_MISSING_OVERLAY)
                .extracting(Finding::location).containsExactly("c:2");
        assertThat(f).filteredOn(x -> x.code() == FindingCode.CONFIG_TXT_MISSING_FILE)
                .extracting(Finding::location).containsExactlyInAnyOrder("c:4", "c:5", "c:6");
    }

    @Test
    void dangerousSettings() {
        List<Finding> f = check("force_turbo=1\nover_voltage=4\nprogram_pubkey=1\ndevice_tree=\navoid_warnings=2\n"
                + "arm_64bit=0\nnever_over_voltage=1\n", "raspberrypi4-64");
        assertThat(f).filteredOn(x -> x.code() == FindingCode.CONFIG_TXT_DANGEROUS).extracting(Finding::location)
                .containsExactlyInAnyOrder("c:1", "c:3", "c:4", "c:5", "c:6", "c:7");
        assertThat(f).filteredOn(x -> x.location().equals("c:5")).singleElement()
                .satisfies(x -> assertThat(x.severity()).isEqualTo(Severity.WARNING));
    }

    @Test
    void deviceTypeApplicability() {
        List<Finding> pi5 = check("gpu_mem=16\ndtoverlay=vc4-fkms-v3d\n[pi4]\nhdmi_enable_4kp60=1\n", "raspberrypi5");
        assertThat(pi5).filteredOn(x -> x.code() == FindingCode.CONFIG_TXT_NO_EFFECT).extracting(Finding::severity)
                .containsExactly(Severity.INFO, Severity.ERROR);
        List<Finding> pi3 = check("otg_mode=1\nusb_max_current_enable=1\n", "raspberrypi3-64");
        assertThat(pi3).filteredOn(x -> x.code() == FindingCode.CONFIG_TXT_NO_EFFECT).hasSize(2);
        assertThat(check("x=1\n[cm4]\notg_mode=1\n", "raspberrypi4-64")).extracting(Finding::code)
                .contains(FindingCode.CONFIG_TXT_SECTION_OPEN, FindingCode.CONFIG_TXT_UNKNOWN_KEY);
    }

    @Test
    void oversizeFiles() throws Exception {
        byte[] big = real("raspberrypi-legacy2018-devimage.supervisor-fixture.config.txt");
        List<Finding> pi5 = new ConfigTxtChecker(ConfigTxt.parse(big), new ConfigTxtChecker.Context("c", null,
                "raspberrypi5")).check(big.length);
        assertThat(pi5).filteredOn(x -> x.code() == FindingCode.CONFIG_TXT_TOO_LARGE).singleElement()
                .satisfies(x -> assertThat(x.severity()).isEqualTo(Severity.ERROR));
        assertThat(KeyCatalogue.size()).isGreaterThan(150);
    }

    @Test
    void theCheckerKeepsNoStateBetweenCalls() {
        byte[] b = "dtoverlay=gone\nhdmi_force_hotplug=yes\n[pi4]\n".getBytes(StandardCharsets.ISO_8859_1);
        ConfigTxtChecker checker = new ConfigTxtChecker(ConfigTxt.parse(b),
                new ConfigTxtChecker.Context("c", PI4_FILES, "raspberrypi4-64"));
        List<Finding> first = checker.check(b.length);
        assertThat(first).hasSize(3);
        assertThat(checker.check(b.length)).isEqualTo(first);
    }

    @Test
    void findingsCarryTheirLineAndSubjectAsData() {
        List<Finding> f = check("# head\ngpu_mem=16\ngpu_mem=64\ndtoverlay=gone\r\n", "raspberrypi4-64");
        Finding dup = f.stream().filter(x -> x.code() == FindingCode.CONFIG_TXT_DUPLICATE_KEY).findFirst().orElseThrow();
        assertThat(dup.locus().file()).isEqualTo("config.txt");
        assertThat(dup.locus().line()).isEqualTo(3);
        assertThat(dup.locus().relatedLine()).isEqualTo(2);
        assertThat(dup.subject()).isEqualTo("[all] gpu_mem=64");
        Finding overlay = f.stream().filter(x -> x.code() == FindingCode.CONFIG_TXT_MISSING_OVERLAY).findFirst()
                .orElseThrow();
        assertThat(overlay.locus().line()).isEqualTo(4);
        assertThat(ConfigTxtFixes.fixFor(dup).line()).isEqualTo(2);
        assertThat(ConfigTxtFixes.fixFor(f.stream().filter(x -> x.message().contains("CRLF")).findFirst().orElseThrow())
                .kind()).isEqualTo(ConfigTxtFixes.Kind.CONVERT_TO_LF);

        // the same errors one line further down are the same errors
        List<Finding> moved = check("# head\n# note\ngpu_mem=16\ngpu_mem=64\ndtoverlay=gone\r\n", "raspberrypi4-64");
        assertThat(moved).extracting(Finding::identity).containsExactlyInAnyOrderElementsOf(
                f.stream().map(Finding::identity).toList());
        assertThat(moved).extracting(Finding::message).doesNotContainAnyElementsOf(
                f.stream().filter(x -> x.locus().line() != null).map(Finding::message).toList());
    }

    @Test
    void sectionFiltersFollowTheModelTable() {
        String text = "[pi400]\nunknown_thing_a=1\n[cm4]\nunknown_thing_b=1\n[pi3]\nunknown_thing_c=1\n"
                + "[gpio4=1]\nunknown_thing_d=1\n[all]\n";
        assertThat(check(text, "raspberrypi4-64")).filteredOn(x -> x.code() == FindingCode.CONFIG_TXT_UNKNOWN_KEY)
                .extracting(Finding::subject).containsExactly("[pi400] unknown_thing_a=1", "[cm4] unknown_thing_b=1",
                        "[gpio4=1] unknown_thing_d=1");
        assertThat(ConfigTxtChecker.model("raspberrypi400-64")).isEqualTo("pi4");
        assertThat(ConfigTxtChecker.model("fincm3")).isEqualTo("pi3");
        assertThat(ConfigTxtChecker.model("raspberry-pi")).isEqualTo("pi1");
        assertThat(ConfigTxtChecker.model("raspberrypi0-2w-64")).isEqualTo("pi0");
        assertThat(ConfigTxtChecker.model("jetson-nano")).isNull();
    }
}
