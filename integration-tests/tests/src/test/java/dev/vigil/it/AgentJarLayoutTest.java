package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.it.harness.ItEnv;
import java.io.IOException;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What users and other agents on the same JVM depend on: the shape of vigil-agent.jar. */
@Timeout(30)
class AgentJarLayoutTest {
    /** Third-party packages that must never sit at the jar root (they would land on the bootstrap class path). */
    private static final List<String> THIRD_PARTY = List.of(
            "org/objectweb/asm/", "net/bytebuddy/", "com/github/", "com/fasterxml/", "io/opentelemetry/", "org/HdrHistogram/",
            "org/yaml/", "org/jspecify/", "com/google/", "okhttp3/", "okio/", "kotlin/", "org/checkerframework/");

    private static List<String> entries() throws IOException {
        try (JarFile jar = new JarFile(ItEnv.agentJar().toFile())) {
            return jar.stream().map(JarEntry::getName).collect(Collectors.toList());
        }
    }

    /** "META-INF/versions/11/x/Y.class" -> "x/Y.class" */
    private static String unversioned(String name) {
        return name.replaceFirst("^META-INF/versions/\\d+/", "");
    }

    @Test
    void manifestDeclaresAnAgentThatCanRetransformAndRedefine() throws IOException {
        try (JarFile jar = new JarFile(ItEnv.agentJar().toFile())) {
            assertThat(jar.getManifest()).as("manifest").isNotNull();
            Attributes main = jar.getManifest().getMainAttributes();
            assertThat(main.getValue("Premain-Class")).as("Premain-Class").isNotBlank();
            assertThat(main.getValue("Agent-Class")).as("Agent-Class").isNotBlank();
            assertThat(main.getValue("Can-Retransform-Classes")).isEqualTo("true");
            assertThat(main.getValue("Can-Redefine-Classes")).isEqualTo("true");
            String premain = main.getValue("Premain-Class").replace('.', '/') + ".class";
            assertThat(jar.getJarEntry(premain)).as("Premain-Class %s at the jar root", premain).isNotNull();
        }
    }

    @Test
    void rootClassesAreOnlyVigilBootstrap() throws IOException {
        List<String> rootClasses = entries().stream()
                .filter(n -> !n.startsWith("inst/") && n.endsWith(".class"))
                .map(AgentJarLayoutTest::unversioned)
                .filter(n -> !n.equals("module-info.class"))
                .collect(Collectors.toList());
        assertThat(rootClasses).as("root-level classes").isNotEmpty()
                .allSatisfy(n -> assertThat(n).startsWith("dev/vigil/bootstrap/"));
    }

    @Test
    void noThirdPartyCodeAtTheRoot() throws IOException {
        List<String> root = entries().stream()
                .filter(n -> !n.startsWith("inst/"))
                .map(AgentJarLayoutTest::unversioned)
                .collect(Collectors.toList());
        for (String prefix : THIRD_PARTY) {
            assertThat(root).as("root entries under %s", prefix).noneMatch(n -> n.startsWith(prefix));
        }
    }

    @Test
    void isolatedClassesUseTheClassdataExtensionAndThirdPartyIsShaded() throws IOException {
        List<String> inst = entries().stream().filter(n -> n.startsWith("inst/")).collect(Collectors.toList());
        assertThat(inst).as("inst/ entries").anyMatch(n -> n.endsWith(".classdata"));
        assertThat(inst).as("no loadable .class under inst/").noneMatch(n -> n.endsWith(".class"));

        List<String> classes = inst.stream().filter(n -> n.endsWith(".classdata"))
                .map(n -> unversioned(n.substring("inst/".length())))
                .filter(n -> !n.equals("module-info.classdata"))
                .collect(Collectors.toList());
        assertThat(classes).as("every class under inst/ is Vigil's own or relocated under dev/vigil/shaded/")
                .allSatisfy(n -> assertThat(n).startsWith("dev/vigil/"));
        for (String prefix : THIRD_PARTY) {
            assertThat(classes).as("unrelocated %s inside inst/", prefix).noneMatch(n -> n.startsWith(prefix));
        }
        assertThat(classes).as("shaded third-party code (ASM at least)")
                .anyMatch(n -> n.startsWith("dev/vigil/shaded/asm/"));
    }
}
