package dev.preflight.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layers of docs/decisions/0020 and the README's layout section: an image's bytes are read from the
 * bottom up (image, partition table, file systems, boot partition, checks, inspection, edits, workflows),
 * each layer uses only the layers below it, and no two packages depend on each other.
 */
class ArchitectureTest {
    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.preflight");

    private static final String CORE = "dev.preflight.core.";

    @Test
    void coreNeverImportsJavaFxOrAwt() {
        noClasses().that().resideInAPackage("dev.preflight.core..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "java.awt..", "javax.swing..")
                .check(CLASSES);
    }

    @Test
    void coreDoesNotDependOnCliOrGui() {
        noClasses().that().resideInAPackage("dev.preflight.core..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.preflight.cli..", "dev.preflight.gui..")
                .check(CLASSES);
    }

    @Test
    void theDesktopAppNeverDependsOnTheCli() {
        noClasses().that().resideInAPackage("dev.preflight.gui..")
                .should().dependOnClassesThat().resideInAPackage("dev.preflight.cli..")
                .check(CLASSES);
    }

    @Test
    void corePackagesAreFreeOfCycles() {
        slices().matching("dev.preflight.core.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void desktopPackagesAreFreeOfCycles() {
        slices().matching("dev.preflight.gui.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void eachCoreLayerUsesOnlyTheLayersBelowIt() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Foundation").definedBy(pkgs("report", "task", "secret", "bytes"))
                .layer("Image").definedBy(pkgs("image"))
                .layer("PartitionTable").definedBy(pkgs("partition"))
                .layer("FileSystems").definedBy(pkgs("fat", "ext4"))
                .layer("Boot").definedBy(pkgs("boot"))
                .layer("Checks").definedBy(pkgs("configjson", "configtxt", "network", "integrity", "wear", "release",
                        "traces", "serial"))
                .layer("Inspection").definedBy(pkgs("inspect"))
                .layer("Editing").definedBy(pkgs("edit"))
                .layer("Workflows").definedBy(pkgs("batch", "provision", "verify"))
                .layer("Demo").definedBy(pkgs("demo"))
                .layer("Cli").definedBy("dev.preflight.cli..")
                .layer("Gui").definedBy("dev.preflight.gui..")
                .whereLayer("Cli").mayNotBeAccessedByAnyLayer()
                .whereLayer("Gui").mayOnlyBeAccessedByLayers("Cli") // 'preflight gui' and 'doctor' start or probe it
                .whereLayer("Demo").mayOnlyBeAccessedByLayers("Cli", "Gui")
                .whereLayer("Workflows").mayOnlyBeAccessedByLayers("Cli", "Gui")
                .whereLayer("Editing").mayOnlyBeAccessedByLayers("Workflows", "Cli", "Gui")
                .whereLayer("Inspection").mayOnlyBeAccessedByLayers("Editing", "Workflows", "Cli", "Gui")
                .whereLayer("Checks").mayOnlyBeAccessedByLayers("Inspection", "Editing", "Workflows", "Cli", "Gui")
                .whereLayer("Boot").mayOnlyBeAccessedByLayers("Checks", "Inspection", "Editing", "Workflows", "Cli",
                        "Gui")
                .whereLayer("FileSystems").mayOnlyBeAccessedByLayers("Boot", "Checks", "Inspection", "Editing",
                        "Workflows", "Demo", "Cli", "Gui")
                .whereLayer("PartitionTable").mayOnlyBeAccessedByLayers("FileSystems", "Boot", "Checks", "Inspection",
                        "Editing", "Workflows", "Demo", "Cli", "Gui")
                .whereLayer("Image").mayOnlyBeAccessedByLayers("PartitionTable", "FileSystems", "Boot", "Checks",
                        "Inspection", "Editing", "Workflows", "Demo", "Cli", "Gui")
                .check(CLASSES);
    }

    @Test
    void theSecretPolicyDependsOnNothingButTheJdkAndJackson() {
        noClasses().that().resideInAPackage("dev.preflight.core.secret..")
                .should().dependOnClassesThat().resideOutsideOfPackages("java..", "com.fasterxml.jackson..",
                        "dev.preflight.core.secret..")
                .check(CLASSES);
    }

    @Test
    void fatLibraryStaysBehindOurInterface() {
        noClasses().that().resideOutsideOfPackages("dev.preflight.core.fat..", "dev.preflight.core.demo..")
                .should().dependOnClassesThat().resideInAPackage("de.waldheinz..")
                .check(CLASSES);
    }

    /**
     * Dependencies show in import lines: a fully-qualified name in code is allowed only where its simple
     * name clashes with one already imported (java.time.Duration beside javafx.util.Duration). Severities
     * and verdicts are compared as enum values, never as their words.
     */
    @Test
    void codeNamesItsDependenciesInImportsNotInline() throws IOException {
        Pattern fqn = Pattern.compile("(?<![\\w.\"])((?:dev\\.preflight|java|javax|javafx|com\\.fasterxml|com\\.sun|org"
                + "|de\\.waldheinz|picocli)\\.(?:[a-z_]\\w*\\.)*([A-Z]\\w*))");
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                List<String> lines = Files.readAllLines(p);
                Set<String> imported = new HashSet<>();
                for (String l : lines) {
                    if (l.startsWith("import ") && !l.startsWith("import static ")) {
                        imported.add(l.substring(l.lastIndexOf('.') + 1, l.length() - 1));
                    }
                }
                boolean comment = false;
                for (int i = 0; i < lines.size(); i++) {
                    String s = lines.get(i).strip();
                    if (comment) {
                        comment = !s.contains("*/");
                        continue;
                    }
                    if (s.startsWith("/*")) {
                        comment = !s.contains("*/");
                        continue;
                    }
                    if (s.startsWith("//") || s.startsWith("*") || s.startsWith("import ") || s.startsWith("package ")) {
                        continue;
                    }
                    String code = s.replaceAll("\"(?:\\\\.|[^\"\\\\])*\"", "\"\"").replaceAll("//.*", "");
                    if (code.contains(".word().equals(")) {
                        found.add(p + ":" + (i + 1) + " compares a severity or verdict as a word, not as its enum value");
                    }
                    Matcher m = fqn.matcher(code);
                    while (m.find()) {
                        if (!imported.contains(m.group(2)) || m.group(1).startsWith("java.lang.")) {
                            found.add(p + ":" + (i + 1) + " " + m.group(1));
                        }
                    }
                }
            }
        }
        assertThat(found).as("fully-qualified names in code (import them instead), severities compared as words")
                .isEmpty();
    }

    private static String[] pkgs(String... names) {
        String[] out = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            out[i] = CORE + names[i] + "..";
        }
        return out;
    }
}
