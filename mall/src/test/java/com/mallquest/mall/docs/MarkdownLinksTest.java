package com.mallquest.mall.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The repository's Markdown files link only to files that exist in the repository: a relative link
 * that points nowhere, or out of the checkout (the repository stands alone), fails the build.
 */
class MarkdownLinksTest {

  /**
   * {@code [text](target)} and {@code ![alt](target)}; the target up to a space, {@code #} or
   * {@code )}.
   */
  private static final Pattern LINK =
      Pattern.compile("\\]\\(([^)\\s#]*)(#[^)\\s]*)?(?:\\s+\"[^\"]*\")?\\)");

  private static final Path ROOT = repositoryRoot();

  private static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("no mvnw above " + Path.of("").toAbsolutePath());
    }
    return dir.normalize();
  }

  @Test
  void everyRelativeLinkInEveryMarkdownFile_pointsToAFileInTheRepository() throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(ROOT)) {
      files =
          walk.filter(p -> p.toString().endsWith(".md"))
              .filter(
                  p -> {
                    String relative = ROOT.relativize(p).toString().replace('\\', '/');
                    return !relative.startsWith(".git/")
                        && !relative.contains("/target/")
                        && !relative.startsWith("target/")
                        && !relative.contains("node_modules/");
                  })
              .toList();
    }
    assertThat(files).as("Markdown files under %s", ROOT).isNotEmpty();
    List<String> broken = new ArrayList<>();
    int checked = 0;
    for (Path file : files) {
      String text = Files.readString(file);
      Matcher m = LINK.matcher(text);
      while (m.find()) {
        String target = m.group(1);
        if (target.isEmpty() || target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
          continue; // an anchor in the same file, or http:, https:, mailto:
        }
        checked++;
        Path resolved = file.getParent().resolve(target).normalize();
        String where = ROOT.relativize(file) + ": " + target;
        if (!resolved.startsWith(ROOT)) {
          broken.add(where + " (outside the repository)");
        } else if (!Files.exists(resolved)) {
          broken.add(where + " (no such file)");
        }
      }
    }
    assertThat(checked).as("relative links checked").isPositive();
    assertThat(broken).as("broken relative links").isEmpty();
  }
}
