package com.mallquest.smartcache.spring;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * SmartCache's closed surface: code outside the library (main and test code of this module) uses
 * only the exported package {@code com.mallquest.smartcache}, never {@code
 * ..smartcache.internal..}. The module descriptor enforces it on the module path; this rule
 * enforces it on the class path too.
 */
@AnalyzeClasses(packages = "com.mallquest.smartcache.spring")
class SmartCacheSurfaceTest {

  @ArchTest
  static final ArchRule noSmartCacheInternals =
      noClasses()
          .that()
          .resideOutsideOfPackages(
              "com.mallquest.smartcache", "com.mallquest.smartcache.internal..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("com.mallquest.smartcache.internal..")
          .because(
              "only com.mallquest.smartcache is SmartCache's API (module-info exports nothing else)");
}
