package org.meshwork.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Dependencies point inward, toward {@code mesh-api}. Each rule says why; a failure names the offending class and the
 * dependency.
 */
class LayeringTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.meshwork");
    }

    @Test
    void apiDependsOnlyOnTheJdk() {
        classes().that().resideInAPackage("org.meshwork.api..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("org.meshwork.api..", "java..")
                .because("mesh-api is the stable contract every module and every extension builds on: "
                        + "no framework or library type may leak into it, and it may not know any implementation")
                .check(classes);
    }

    @Test
    void nothingDependsOnTheCli() {
        noClasses().that().resideOutsideOfPackage("org.meshwork.cli..")
                .should().dependOnClassesThat().resideInAPackage("org.meshwork.cli..")
                .because("the CLI is an edge: it translates user input into platform calls, and nothing may reach back "
                        + "into it")
                .check(classes);
    }

    @Test
    void nothingDependsOnTheServer() {
        noClasses().that().resideOutsideOfPackages("org.meshwork.server..", "org.meshwork.cli..")
                .should().dependOnClassesThat().resideInAPackage("org.meshwork.server..")
                .because("the HTTP server is an edge like the CLI: the platform must work without it (only the CLI, "
                        + "the outermost edge, uses it: it hosts the server in `mesh serve` and prints the API's "
                        + "documents, so embedded and remote mode look the same)")
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void implementationsDoNotDependOnEachOther() {
        noClasses().that().resideInAnyPackage("org.meshwork.descriptor..", "org.meshwork.store..",
                        "org.meshwork.engine..", "org.meshwork.table..", "org.meshwork.governance..",
                        "org.meshwork.catalog..")
                .should().dependOnClassesThat().resideInAnyPackage("org.meshwork.platform..", "org.meshwork.cli..",
                        "org.meshwork.server..")
                .because("descriptor, store, engine, table-format, governance and catalog modules are parts the "
                        + "platform composes; they talk to each other only through mesh-api")
                .check(classes);
    }

    @Test
    void partsAreIndependentOfOneAnother() {
        noClasses().that().resideInAPackage("org.meshwork.store..")
                .should().dependOnClassesThat().resideInAnyPackage("org.meshwork.descriptor..", "org.meshwork.engine..",
                        "org.meshwork.table..")
                .because("the metadata store keeps documents opaque: it must not depend on how they are parsed or run")
                .check(classes);
        noClasses().that().resideInAPackage("org.meshwork.engine..")
                .should().dependOnClassesThat().resideInAnyPackage("org.meshwork.table..", "org.meshwork.store..")
                .because("an engine hands files to a table format through mesh-api's DataFile, so engines and formats combine freely")
                .check(classes);
        noClasses().that().resideInAPackage("org.meshwork.table..")
                .should().dependOnClassesThat().resideInAnyPackage("org.meshwork.engine..", "org.meshwork.store..")
                .because("a table format commits files whichever engine wrote them")
                .check(classes);
    }

    @Test
    void productionCodeDoesNotUseTheTestingModule() {
        noClasses().that().resideOutsideOfPackage("org.meshwork.testing..")
                .should().dependOnClassesThat().resideInAPackage("org.meshwork.testing..")
                .because("mesh-testing holds fakes and contract tests; shipping code must never run against a fake")
                .check(classes);
    }
}
