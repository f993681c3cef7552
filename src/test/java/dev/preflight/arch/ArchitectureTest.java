package dev.preflight.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The layering rules of docs/house-style: core is UI-free; views never reach past view-models. */
class ArchitectureTest {
    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.preflight");

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
}
