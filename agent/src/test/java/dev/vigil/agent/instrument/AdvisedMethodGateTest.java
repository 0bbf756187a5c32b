package dev.vigil.agent.instrument;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.woven.Shapes;
import dev.vigil.instrumentation.AdviceBinding;
import dev.vigil.instrumentation.MethodMatcher;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;

class AdvisedMethodGateTest {
  private static AdvisedMethodGate gate(String... names) {
    return new AdvisedMethodGate(java.util.Arrays.stream(names)
        .map(name -> new AdviceBinding(MethodMatcher.named(name), "com.example.Advice")).collect(java.util.stream.Collectors.toList()));
  }

  @Test
  void aClassIsLetOnOnlyWhenItDeclaresAMethodABindingMatches() throws Exception {
    byte[] tangled = Weaving.classFile(Shapes.Tangled.class);
    assertThat(gate("check").namesAnAdvisedMethod(tangled)).isTrue();
    assertThat(gate("check").declaresAdvisedMethod(new ClassReader(tangled))).isTrue();
    assertThat(gate("doFilter", "service").namesAnAdvisedMethod(tangled)).isFalse();
    // named in the pool (it calls String.trim) but not declared
    assertThat(gate("trim").namesAnAdvisedMethod(tangled)).isTrue();
    assertThat(gate("trim").declaresAdvisedMethod(new ClassReader(tangled))).isFalse();
  }

  /** The byte walk against ASM's own reading of the pool, over every class of a real jar (long and double constants, every tag). */
  @Test
  void theConstantPoolWalkAgreesWithAsmOnEveryClassOfAJar() throws Exception {
    AdvisedMethodGate gate = gate("accept", "visitEnd", "toString", "notInAnyClass");
    List<String> names = List.of("accept", "visitEnd", "toString", "notInAnyClass");
    JarURLConnection jar = (JarURLConnection) ClassReader.class.getResource("ClassReader.class").openConnection();
    int compared = 0;
    try (JarFile file = jar.getJarFile()) {
      Enumeration<JarEntry> entries = file.entries();
      while (entries.hasMoreElements()) {
        JarEntry entry = entries.nextElement();
        if (!entry.getName().endsWith(".class") || entry.getName().contains("module-info")) {
          continue;
        }
        byte[] bytes;
        try (InputStream in = file.getInputStream(entry)) {
          bytes = in.readAllBytes();
        }
        ClassReader reader = new ClassReader(bytes);
        boolean named = false;
        for (int item = 1; item < reader.getItemCount(); item++) {
          int offset = reader.getItem(item); // just past the tag
          if (offset != 0 && reader.readByte(offset - 1) == 1) {
            named |= names.contains(new String(bytes, offset + 2, reader.readUnsignedShort(offset), StandardCharsets.ISO_8859_1));
          }
        }
        assertThat(gate.namesAnAdvisedMethod(bytes)).as(entry.getName()).isEqualTo(named);
        compared++;
      }
    }
    assertThat(compared).isGreaterThan(30);
  }
}
