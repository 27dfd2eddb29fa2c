package com.mallquest.smartcache;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The closed surface: the module exports its API package and nothing else. */
class ModuleDescriptorTest {

  private static ModuleDescriptor descriptor() throws IOException {
    Path compiled =
        Path.of(
            SmartCache.class.getProtectionDomain().getCodeSource().getLocation().getPath(),
            "module-info.class");
    try (InputStream in = Files.newInputStream(compiled)) {
      return ModuleDescriptor.read(in);
    }
  }

  @Test
  void moduleInfo_exportsOnlyTheApiPackageToEveryone() throws IOException {
    ModuleDescriptor module = descriptor();

    assertThat(module.name()).isEqualTo("com.mallquest.smartcache");
    assertThat(module.exports())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.source()).isEqualTo("com.mallquest.smartcache");
              assertThat(e.isQualified()).isFalse();
            });
    assertThat(module.opens()).isEmpty();
  }

  @Test
  void moduleInfo_apiTypesModulesAreReadTransitivelyByUsers() throws IOException {
    assertThat(
            descriptor().requires().stream()
                .filter(r -> r.modifiers().contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE))
                .map(ModuleDescriptor.Requires::name)
                .collect(Collectors.toSet()))
        .containsExactlyInAnyOrder(
            "com.github.benmanes.caffeine", "micrometer.core", "tools.jackson.databind");
  }
}
