package com.mallquest.mall.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.core.domain.properties.CanBeAnnotated.Predicates.annotatedWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The hexagon's dependency rule: domain knows nothing, application knows the domain, adapters point
 * inward.
 */
@AnalyzeClasses(
    packages = "com.mallquest.mall",
    importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {

  @ArchTest
  static final ArchRule domainIsPlainJava =
      noClasses()
          .that()
          .resideInAPackage("..mall.domain..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "org.springframework..",
              "java.sql..",
              "javax.sql..",
              "jakarta..",
              "tools.jackson..",
              "com.mallquest.smartcache..",
              "com.mallquest.mall.application..",
              "com.mallquest.mall.adapter..",
              "com.mallquest.mall.config..");

  @ArchTest
  static final ArchRule applicationDoesNotKnowAdaptersOrSql =
      noClasses()
          .that()
          .resideInAPackage("..mall.application..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "com.mallquest.mall.adapter..",
              "com.mallquest.mall.config..",
              "java.sql..",
              "javax.sql..",
              "org.springframework..",
              "com.mallquest.smartcache..");

  @ArchTest
  static final ArchRule layers =
      layeredArchitecture()
          .consideringOnlyDependenciesInLayers()
          .layer("Domain")
          .definedBy("..mall.domain..")
          .layer("Application")
          .definedBy("..mall.application..")
          .layer("Adapters")
          .definedBy("..mall.adapter..")
          .layer("Config")
          .definedBy("..mall.config..", "com.mallquest.mall")
          .whereLayer("Config")
          .mayOnlyBeAccessedByLayers("Adapters")
          .whereLayer("Adapters")
          .mayOnlyBeAccessedByLayers("Config")
          .whereLayer("Application")
          .mayOnlyBeAccessedByLayers("Adapters", "Config")
          .whereLayer("Domain")
          .mayOnlyBeAccessedByLayers("Application", "Adapters", "Config");

  /** Ports are the application's edge: they name domain types and each other, never a use case. */
  @ArchTest
  static final ArchRule portsDoNotKnowUseCases =
      noClasses()
          .that()
          .resideInAPackage("..mall.application.port..")
          .should()
          .dependOnClassesThat(
              resideInAPackage("..mall.application..")
                  .and(resideOutsideOfPackage("..mall.application.port..")));

  @ArchTest
  static final ArchRule adaptersDoNotTalkToEachOther =
      noClasses()
          .that()
          .resideInAPackage("..adapter.web..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("..adapter.persistence..", "..adapter.cache..");

  /**
   * Controllers are reached through HTTP only: none is public, and web's sub-packages never name
   * one.
   */
  @ArchTest
  static final ArchRule controllersArePackagePrivate =
      classes()
          .that()
          .areAnnotatedWith(org.springframework.web.bind.annotation.RestController.class)
          .should()
          .notBePublic();

  @ArchTest
  static final ArchRule webSubPackagesDoNotKnowControllers =
      noClasses()
          .that()
          .resideInAnyPackage(
              "..adapter.web.security..",
              "..adapter.web.problem..",
              "..adapter.web.openapi..",
              "..adapter.web.imports..")
          .should()
          .dependOnClassesThat(
              resideInAPackage("com.mallquest.mall.adapter.web")
                  .and(
                      annotatedWith(org.springframework.web.bind.annotation.RestController.class)));
}
