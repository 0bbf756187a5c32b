package dev.vigil.agent.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Every vigil.yaml the project shows its users, read from where it is shown, so that none can drift from the schema. */
final class PolicyCorpus {
  private static final Pattern FENCED_YAML = Pattern.compile("(?ms)^```yaml\\n(.*?)^```");
  private static final Pattern JAVADOC_MARGIN = Pattern.compile("(?m)^[ \\t]*\\* ?");

  private PolicyCorpus() {}

  /** Spellings the loader accepts that a user may write, which the schema must accept too. */
  static final String[][] SPELLINGS = {
    {"jitter 0 as a number", "login: { userIp: { jitter: 0 } }"},
    {"jitter 0s and 00ms", "login: { userIp: { jitter: 0s }, ip: { jitter: 00ms } }"},
    {"a space before the unit, an upper-case unit", "state: { idleExpiry: 10 m }\nlogin: { knownSourcePeriod: 1D }"},
    {"fractional rates, spaces, an upper-case unit", "rules: [ { name: a, rate: 1.5/s }, { name: b, rate: .5/m }, { name: c, rate: 20 / S } ]"},
    {"methods in any case", "rules: [ { name: a, rate: 1/s, methods: [get, Post] } ]"},
    {"IPv6 unquoted in a block list, a bare address", "allow:\n  - ::1\n  - 2001:db8::/32\n  - 192.0.2.7"},
    {"off, which YAML 1.1 would read as false", "detectors: { accountTakeover: { action: off }, scan: { action: off } }"},
    {"routes with * and **", "rules: [ { name: a, rate: 1/s, routes: [/, /api/*/items/**, \"/*.json\"] } ]"},
    {"empty lists where they mean something", "trustedProxies: []\nrules: []\nlogin: { routes: [ { path: /login, methods: [], failureStatus: [] } ], methods: [] }"},
    {"empty sections", "state: {}\nlogin: {}\ndetectors: {}"},
    {"a nested class and a getter chain", "login: { methods: [ { class: com.example.Outer$Inner, method: signIn, username: arg0.getCredentials.username, "
        + "success: no-exception, failureExceptions: [com.example.Bad] } ] }"},
    {"a fractional multiplier, a relative audit file", "login: { userIp: { multiplier: 1.5 } }\naudit: { file: audit.jsonl }"},
    {"key apikey with its header", "apiKeyHeader: X-API-Key\nrules: [ { name: a, rate: 1/s, key: apikey } ]"},
  };

  /** Where it is shown, and the document: every yaml block of the README is a policy, as are the demo's file and the javadoc examples. */
  static Map<String, String> shown() throws IOException {
    Path repo = repositoryRoot();
    Map<String, String> documents = new LinkedHashMap<>();
    List<String> readme = fencedYaml(Files.readString(repo.resolve("README.md")));
    for (int i = 0; i < readme.size(); i++) {
      documents.put("README.md, yaml block " + (i + 1), readme.get(i));
    }
    documents.put("integration-tests/demo/vigil-demo.yaml", Files.readString(repo.resolve("integration-tests/demo/vigil-demo.yaml")));
    Path config = repo.resolve("agent/src/main/java/dev/vigil/agent/config");
    documents.put("Policy javadoc", javadocExample(Files.readString(config.resolve("Policy.java")), "<pre>{@code", "}</pre>"));
    documents.put("TelemetrySettings javadoc", javadocExample(Files.readString(config.resolve("TelemetrySettings.java")), "<pre>", "</pre>"));
    return documents;
  }

  static List<String> fencedYaml(String markdown) {
    List<String> blocks = new ArrayList<>();
    Matcher block = FENCED_YAML.matcher(markdown);
    while (block.find()) {
      blocks.add(block.group(1));
    }
    return blocks;
  }

  /** The text between {@code open} and {@code close} in a javadoc comment, its {@code * } margin taken off. */
  static String javadocExample(String source, String open, String close) {
    int start = source.indexOf(open);
    int end = source.indexOf(close, start);
    if (start < 0 || end < 0) {
      throw new IllegalStateException("no " + open + " ... " + close + " example in the javadoc");
    }
    return JAVADOC_MARGIN.matcher(source.substring(start + open.length(), end)).replaceAll("");
  }

  /** Maven runs the tests in agent/; an IDE may run them at the top. */
  private static Path repositoryRoot() {
    Path here = Path.of("").toAbsolutePath();
    return Files.isDirectory(here.resolve("integration-tests")) ? here : here.getParent();
  }
}
