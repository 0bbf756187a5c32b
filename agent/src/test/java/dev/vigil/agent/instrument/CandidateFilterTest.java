package dev.vigil.agent.instrument;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.shop.ShopTypes.Leaf;
import com.example.shop.ShopTypes.Middle;
import com.example.shop.ShopTypes.OtherLeaf;
import com.example.shop.ShopTypes.Root;
import com.example.shop.ShopTypes.ThroughInterface;
import com.example.shop.ShopTypes.Unrelated;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.matcher.ElementMatchers;
import net.bytebuddy.utility.JavaModule;
import org.junit.jupiter.api.Test;

class CandidateFilterTest {
  private static final byte[] TRANSFORMED = {1, 2, 3};

  /** Byte Buddy's place: answers every class it is handed, so what reaches it is visible. */
  private final List<String> handedOver = new ArrayList<>();

  private final ResettableClassFileTransformer byteBuddy =
      new ResettableClassFileTransformer.AbstractBase() {
        @Override
        public byte[] transform(ClassLoader loader, String name, Class<?> redefined, ProtectionDomain domain, byte[] classFile) {
          handedOver.add(name);
          return TRANSFORMED;
        }

        @Override
        public java.util.Iterator<AgentBuilder.Transformer> iterator(
            TypeDescription type, ClassLoader loader, JavaModule module, Class<?> redefined, ProtectionDomain domain) {
          return java.util.Collections.emptyIterator();
        }

        @Override
        public boolean reset(
            java.lang.instrument.Instrumentation instrumentation,
            ResettableClassFileTransformer classFileTransformer,
            AgentBuilder.RedefinitionStrategy redefinitionStrategy,
            AgentBuilder.RedefinitionStrategy.DiscoveryStrategy discoveryStrategy,
            AgentBuilder.RedefinitionStrategy.BatchAllocator redefinitionBatchAllocator,
            AgentBuilder.RedefinitionStrategy.Listener redefinitionListener) {
          return false;
        }
      };

  /** The test classes as an app's loader sees them before loading any: every read is counted. */
  private final List<String> resourcesRead = new ArrayList<>();

  private final URLClassLoader fresh =
      new URLClassLoader(new URL[] {CandidateFilterTest.class.getProtectionDomain().getCodeSource().getLocation()}, null) {
        @Override
        public InputStream getResourceAsStream(String name) {
          resourcesRead.add(name);
          return super.getResourceAsStream(name);
        }
      };

  private ClassFileTransformerUnderTest filter(ElementMatcher<ClassLoader> loaders, String... roots) {
    Map<ElementMatcher<ClassLoader>, Set<String>> rootsByLoaders = new LinkedHashMap<>();
    rootsByLoaders.put(loaders, Set.of(roots));
    return new ClassFileTransformerUnderTest(CandidateFilter.in(rootsByLoaders).decorate(byteBuddy));
  }

  @Test
  void aClassBelowARootReachesByteBuddyWithoutItsSuperTypesBeingLoaded() throws Exception {
    ClassFileTransformerUnderTest filter = filter(ElementMatchers.any(), Root.class.getName());
    assertThat(filter.transform(fresh, Leaf.class)).isEqualTo(TRANSFORMED);
    assertThat(filter.transform(fresh, ThroughInterface.class)).as("through an interface that extends the root").isEqualTo(TRANSFORMED);
    assertThat(handedOver).containsExactly(internal(Leaf.class), internal(ThroughInterface.class));
    assertThat(loaded(fresh, Middle.class)).as("reading its header did not load the super class").isNull();
  }

  @Test
  void everyOtherClassIsAnsweredWithoutByteBuddy() throws Exception {
    ClassFileTransformerUnderTest filter = filter(ElementMatchers.any(), Root.class.getName());
    assertThat(filter.transform(fresh, Unrelated.class)).isNull();
    assertThat(filter.transform(fresh, String.class)).as("ignored by name").isNull();
    assertThat(handedOver).isEmpty();
  }

  @Test
  void aLoaderWithoutTheModulesMarkerHandsNothingOver() throws Exception {
    ClassFileTransformerUnderTest filter = filter(ElementMatchers.none(), Root.class.getName());
    assertThat(filter.transform(fresh, Leaf.class)).isNull();
    assertThat(handedOver).isEmpty();
    assertThat(resourcesRead).isEmpty();
  }

  @Test
  void aSuperTypeIsReadOncePerLoaderHoweverManyClassesSitBelowIt() throws Exception {
    ClassFileTransformerUnderTest filter = filter(ElementMatchers.any(), Root.class.getName());
    filter.transform(fresh, Leaf.class);
    filter.transform(fresh, OtherLeaf.class);
    filter.transform(fresh, Middle.class);
    assertThat(resourcesRead).containsExactly(internal(Middle.class) + ".class");
    assertThat(handedOver).containsExactly(internal(Leaf.class), internal(OtherLeaf.class), internal(Middle.class));
  }

  @Test
  void aClassFileThatCannotBeReadIsLeftToByteBuddy() throws Exception {
    ClassFileTransformerUnderTest filter = filter(ElementMatchers.any(), Root.class.getName());
    assertThat(filter.transformer.transform(fresh, "com/example/Broken", null, null, new byte[] {0, 1, 2})).isEqualTo(TRANSFORMED);
    assertThat(handedOver).containsExactly("com/example/Broken");
  }

  @Test
  void aSuperTypeMissingFromTheClassPathEndsThatBranch() throws Exception {
    // the loader sees Leaf's class file but neither Middle nor Root: an optional dependency the app lacks
    URLClassLoader onlyLeaf =
        new URLClassLoader(new URL[0], null) {
          @Override
          public InputStream getResourceAsStream(String name) {
            return null;
          }
        };
    ClassFileTransformerUnderTest filter = filter(ElementMatchers.any(), Root.class.getName());
    assertThat(filter.transform(onlyLeaf, Leaf.class)).isNull();
  }

  private static String internal(Class<?> type) {
    return type.getName().replace('.', '/');
  }

  private static Class<?> loaded(ClassLoader loader, Class<?> type) throws Exception {
    Method find = ClassLoader.class.getDeclaredMethod("findLoadedClass", String.class);
    find.setAccessible(true);
    return (Class<?>) find.invoke(loader, type.getName());
  }

  /** Calls the decorated transformer as the JVM would, with the class's own bytes. */
  private static final class ClassFileTransformerUnderTest {
    final ResettableClassFileTransformer transformer;

    ClassFileTransformerUnderTest(ResettableClassFileTransformer transformer) {
      this.transformer = transformer;
    }

    byte[] transform(ClassLoader loader, Class<?> type) throws Exception {
      byte[] classFile;
      try (InputStream in = type.getClassLoader() == null
          ? ClassLoader.getSystemResourceAsStream(internal(type) + ".class")
          : type.getClassLoader().getResourceAsStream(internal(type) + ".class")) {
        if (in == null) {
          throw new IOException("no class file for " + type);
        }
        classFile = in.readAllBytes();
      }
      return transformer.transform(loader, internal(type), null, null, classFile);
    }
  }
}
