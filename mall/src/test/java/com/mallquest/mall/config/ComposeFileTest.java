package com.mallquest.mall.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * CI has no container engine, so {@code compose.yaml} is checked here instead: every environment
 * variable it gives the service must be one the service reads, i.e. the environment-variable form
 * (Spring's relaxed binding: upper case, {@code .} to {@code _}, dashes dropped) of a {@code
 * mallquest.*} property of {@link MallQuestProperties} or of a Spring Boot property in the
 * configuration metadata of the jars the service runs with. And {@code docs/DEPLOYMENT.md}
 * documents each of them.
 */
class ComposeFileTest {

  private static final Path ROOT = Path.of("..");
  private static final String SERVICE = "mallquest";

  @Test
  void composeService_setsOnlyVariablesTheServiceReads() throws IOException {
    Map<String, String> environment = serviceEnvironment();
    assertThat(environment)
        .containsKeys(
            "SPRING_DATASOURCE_URL", "MALLQUEST_REDIS_URL", "MALLQUEST_SECURITY_ADMIN_KEY");

    Map<String, String> known = new LinkedHashMap<>();
    List<String> properties =
        new ArrayList<>(mallQuestProperties("mallquest", MallQuestProperties.class));
    properties.addAll(bootMetadataProperties());
    for (String property : properties) {
      known.putIfAbsent(envForm(property), property);
      known.putIfAbsent(legacyEnvForm(property), property);
    }
    assertThat(known.get("MALLQUEST_SECURITY_ADMINKEY")).isEqualTo("mallquest.security.admin-key");
    assertThat(known.get("MALLQUEST_SECURITY_ADMIN_KEY")).isEqualTo("mallquest.security.admin-key");
    assertThat(known.get("SPRING_DATASOURCE_URL")).isEqualTo("spring.datasource.url");

    Set<String> unknown = new TreeSet<>(environment.keySet());
    unknown.removeAll(known.keySet());
    assertThat(unknown)
        .as("variables in compose.yaml that no property of the service binds")
        .isEmpty();
  }

  @Test
  void deploymentDocs_listEveryVariable_andSayCiDoesNotStartTheContainers() throws IOException {
    String docs = Files.readString(ROOT.resolve("docs/DEPLOYMENT.md"));
    for (String variable : serviceEnvironment().keySet()) {
      assertThat(docs)
          .as("docs/DEPLOYMENT.md documents %s", variable)
          .contains("`" + variable + "`");
    }
    assertThat(docs).contains("CI does not start the containers");
  }

  @Test
  void envForm_followsRelaxedBinding() {
    assertThat(envForm("mallquest.security.admin-key")).isEqualTo("MALLQUEST_SECURITY_ADMINKEY");
    assertThat(envForm("spring.datasource.hikari.maximum-pool-size"))
        .isEqualTo("SPRING_DATASOURCE_HIKARI_MAXIMUMPOOLSIZE");
    assertThat(envForm("mallquest.cache.shoppers.memory-ttl"))
        .isEqualTo("MALLQUEST_CACHE_SHOPPERS_MEMORYTTL");
    assertThat(legacyEnvForm("mallquest.security.admin-key"))
        .isEqualTo("MALLQUEST_SECURITY_ADMIN_KEY");
  }

  /** Spring's canonical environment-variable form of a property name: dashes dropped. */
  private static String envForm(String property) {
    return property.toUpperCase(Locale.ROOT).replace('.', '_').replace("-", "");
  }

  /** The legacy form Spring's environment mapping also accepts: dashes as underscores. */
  private static String legacyEnvForm(String property) {
    return property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> serviceEnvironment() throws IOException {
    Map<String, Object> compose;
    try (InputStream in = Files.newInputStream(ROOT.resolve("compose.yaml"))) {
      compose = new Yaml().load(in);
    }
    Map<String, Object> service =
        (Map<String, Object>) ((Map<String, Object>) compose.get("services")).get(SERVICE);
    assertThat(service).as("service %s in compose.yaml", SERVICE).isNotNull();
    Object env = service.get("environment");
    Map<String, String> result = new LinkedHashMap<>();
    if (env instanceof Map<?, ?> map) {
      map.forEach((k, v) -> result.put(String.valueOf(k), String.valueOf(v)));
    } else if (env instanceof List<?> list) {
      list.forEach(
          entry -> {
            String[] pair = String.valueOf(entry).split("=", 2);
            result.put(pair[0], pair.length > 1 ? pair[1] : "");
          });
    }
    return result;
  }

  private static List<String> mallQuestProperties(String prefix, Class<?> type) {
    List<String> names = new ArrayList<>();
    for (RecordComponent component : type.getRecordComponents()) {
      String name = prefix + "." + kebab(component.getName());
      Class<?> componentType = component.getType();
      if (componentType.isRecord()
          && componentType.getDeclaringClass() == MallQuestProperties.class) {
        names.addAll(mallQuestProperties(name, componentType));
      } else {
        names.add(name);
      }
    }
    return names;
  }

  private static String kebab(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
  }

  private static Set<String> bootMetadataProperties() throws IOException {
    Set<String> names = new TreeSet<>();
    JsonMapper json = JsonMapper.builder().build();
    Enumeration<URL> files =
        ComposeFileTest.class
            .getClassLoader()
            .getResources("META-INF/spring-configuration-metadata.json");
    while (files.hasMoreElements()) {
      try (InputStream in = files.nextElement().openStream()) {
        JsonNode properties = json.readTree(in).get("properties");
        if (properties != null) {
          properties.forEach(p -> names.add(p.get("name").asString()));
        }
      }
    }
    assertThat(names.contains("spring.datasource.url") && names.contains("server.port"))
        .as("Spring Boot's configuration metadata is on the class path")
        .isTrue();
    return names;
  }
}
