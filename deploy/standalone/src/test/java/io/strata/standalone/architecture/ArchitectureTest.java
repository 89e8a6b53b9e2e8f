package io.strata.standalone.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import io.strata.engine.output.local.LocalOutput;
import io.strata.engine.source.local.LocalSource;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.web.bind.annotation.RestController;

import java.nio.file.Path;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The architecture as ARCHITECTURE.md states it, checked on the compiled classes of every module. */
class ArchitectureTest {

    private static JavaClasses strata;

    @BeforeAll
    static void importClasses() {
        strata = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.strata");
    }

    @Test
    void engineImportsNeitherSpringNorAxon() {
        noClasses().that().resideInAPackage("io.strata.engine..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.axonframework..",
                        "jakarta.persistence..", "io.strata.command..", "io.strata.query..", "io.strata.platform..")
                .allowEmptyShould(true)
                .check(strata);
    }

    @Test
    void commandSideAndQuerySideNeverImportEachOther() {
        noClasses().that().resideInAPackage("io.strata.command..")
                .should().dependOnClassesThat().resideInAPackage("io.strata.query..").check(strata);
        noClasses().that().resideInAPackage("io.strata.query..")
                .should().dependOnClassesThat().resideInAnyPackage("io.strata.command..", "io.strata.engine..").check(strata);
    }

    @Test
    void kernelsDependOnNeitherSide() {
        noClasses().that().resideInAnyPackage("io.strata.kernel..", "io.strata.platform..")
                .should().dependOnClassesThat().resideInAnyPackage("io.strata.command..", "io.strata.query..",
                        "io.strata.engine..", "io.strata.standalone..").check(strata);
        noClasses().that().resideInAPackage("io.strata.kernel..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta.persistence..")
                .check(strata);
    }

    @Test
    void noDumpingGroundPackages() {
        noClasses().should().resideInAnyPackage("..util..", "..utils..", "..common..", "..helper..", "..helpers..",
                "..misc..").check(strata);
    }

    @Test
    void messagesAreRecordsNamedByConvention() {
        classes().that().resideInAPackage("io.strata.kernel..").and().haveSimpleNameEndingWith("Command")
                .should().beRecords().check(strata);
        classes().that().resideInAPackage("io.strata.kernel..").and().haveSimpleNameEndingWith("Query")
                .should().beRecords().andShould().haveSimpleNameStartingWith("Find")
                .orShould().haveSimpleNameStartingWith("Count").check(strata);
        classes().that().resideInAPackage("io.strata.kernel..").and().haveSimpleNameEndingWith("View")
                .should().beRecords().check(strata);
    }

    @Test
    void handlersTakeTheRightKindOfMessage() {
        methods().that().areAnnotatedWith(CommandHandler.class)
                .should(takeFirst("a kernel command named …Command", type -> type.getPackageName().startsWith("io.strata.kernel")
                        && type.getSimpleName().endsWith("Command"))).check(strata);
        methods().that().areAnnotatedWith(EventHandler.class).or().areAnnotatedWith(EventSourcingHandler.class)
                .should(takeFirst("a kernel event in the past tense (no Command, Query or Event suffix)",
                        type -> type.getPackageName().startsWith("io.strata.kernel")
                                && !type.getSimpleName().endsWith("Command") && !type.getSimpleName().endsWith("Query")
                                && !type.getSimpleName().endsWith("Event")))
                .allowEmptyShould(true).check(strata);
        methods().that().areAnnotatedWith(QueryHandler.class)
                .should(takeFirst("a kernel query named Find…Query or Count…Query",
                        type -> type.getPackageName().startsWith("io.strata.kernel") && type.getSimpleName().endsWith("Query")))
                .allowEmptyShould(true).check(strata);
    }

    /**
     * Tenants' directories on the platform's host are read and written only through the engine's confined source and
     * output, which reach every path by descriptor and are never led outside by a link (the plain ones resolve
     * paths by name, for the command line, whose user owns what it reads and writes).
     */
    @Test
    void thePlatformReachesHostDirectoriesOnlyConfined() {
        noClasses().that().resideInAnyPackage("io.strata.command..", "io.strata.standalone..")
                .and().haveSimpleNameNotEndingWith("Test") // test jars on the class path: tests restore where they like
                .should().callConstructor(LocalOutput.class, Path.class)
                .orShould().callConstructor(LocalSource.class)
                .check(strata);
    }

    @Test
    void controllersArePackagePrivate() {
        classes().that().areAnnotatedWith(RestController.class).should().notBePublic().check(strata);
    }

    private static ArchCondition<JavaMethod> takeFirst(String description, java.util.function.Predicate<JavaClass> accepted) {
        return new ArchCondition<>("take as first parameter " + description) {
            @Override
            public void check(JavaMethod method, ConditionEvents events) {
                boolean ok = !method.getRawParameterTypes().isEmpty() && accepted.test(method.getRawParameterTypes().get(0));
                events.add(new SimpleConditionEvent(method, ok, method.getFullName() + (ok ? " does" : " does not")
                        + " take " + description));
            }
        };
    }

}
