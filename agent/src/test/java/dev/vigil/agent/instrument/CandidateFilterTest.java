package dev.vigil.agent.instrument;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.shop.ShopTypes.Leaf;
import com.example.shop.ShopTypes.Middle;
import com.example.shop.ShopTypes.OtherLeaf;
import com.example.shop.ShopTypes.Quiet;
import com.example.shop.ShopTypes.Root;
import com.example.shop.ShopTypes.ThroughInterface;
import com.example.shop.ShopTypes.Unrelated;
import dev.vigil.instrumentation.AdviceBinding;
import dev.vigil.instrumentation.MethodMatcher;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class CandidateFilterTest {
  private static final byte[] TRANSFORMED = {1, 2, 3};

  /** The weaver's place: answers every class it is handed, so what reaches it is visible. */
  private final List<String> handedOver = new ArrayList<>();

  private final List<BitSet> rootsReached = new ArrayList<>();

  private final ClassWeaver weaver =
      (module, loader, name, domain, classFile, reached) -> {
        handedOver.add(name);
        rootsReached.add(reached);
        return TRANSFORMED;
      };

  /** The test classes as an app's loader sees them before loading any: every class file read from it is counted. */
  private final List<String> classFilesRead = new ArrayList<>();

  private final URLClassLoader fresh =
      new URLClassLoader(new URL[] {CandidateFilterTest.class.getProtectionDomain().getCodeSource().getLocation()}, null) {
        @Override
        public URL getResource(String name) {
          classFilesRead.add(name);
          return super.getResource(name);
        }
      };

  private static final AdviceBinding HANDLE = new AdviceBinding(MethodMatcher.named("handle").takingArguments(0), "com.example.Advice");

  private ClassFileTransformerUnderTest filter(String... roots) {
    return new ClassFileTransformerUnderTest(new CandidateFilter(weaver, List.of(roots), List.of(HANDLE)));
  }

  @Test
  void aClassBelowARootReachesTheWeaverWithoutItsSuperTypesBeingLoaded() throws Exception {
    ClassFileTransformerUnderTest filter = filter(Root.class.getName());
    assertThat(filter.transform(fresh, Leaf.class)).isEqualTo(TRANSFORMED);
    assertThat(filter.transform(fresh, ThroughInterface.class)).as("through an interface that extends the root").isEqualTo(TRANSFORMED);
    assertThat(handedOver).containsExactly(internal(Leaf.class), internal(ThroughInterface.class));
    // a class loaded from inside a transformer is never transformed itself: Middle must be the JVM's to load
    assertThat(loaded(fresh, Middle.class)).isNull();
    assertThat(classFilesRead).contains(internal(Middle.class) + ".class");
  }

  @Test
  void aClassThatDeclaresNoAdvisedMethodIsAnsweredBeforeItsHierarchy() throws Exception {
    ClassFileTransformerUnderTest filter = filter(Root.class.getName());
    assertThat(filter.transform(fresh, Quiet.class)).isNull();
    assertThat(classFilesRead).isEmpty();
    assertThat(handedOver).isEmpty();
  }

  @Test
  void everyOtherClassIsAnsweredWithoutTheWeaver() throws Exception {
    ClassFileTransformerUnderTest filter = filter(Root.class.getName());
    assertThat(filter.transform(fresh, Unrelated.class)).isNull();
    assertThat(filter.transform(fresh, String.class)).as("ignored by name").isNull();
    assertThat(handedOver).isEmpty();
  }

  @Test
  void aSuperTypeIsLookedAtOncePerLoaderHoweverManyClassesSitBelowIt() throws Exception {
    ClassFileTransformerUnderTest filter = filter(Root.class.getName());
    filter.transform(fresh, Leaf.class);
    List<String> readForTheFirst = new ArrayList<>(classFilesRead);
    filter.transform(fresh, OtherLeaf.class);
    filter.transform(fresh, Middle.class);
    assertThat(readForTheFirst).contains(internal(Middle.class) + ".class");
    assertThat(classFilesRead).as("the second subclass and the super type itself: answered from memory").isEqualTo(readForTheFirst);
    assertThat(handedOver).containsExactly(internal(Leaf.class), internal(OtherLeaf.class), internal(Middle.class));
  }

  @Test
  void theWeaverIsToldWhichRootsAClassReaches() throws Exception {
    ClassFileTransformerUnderTest filter = filter(Unrelated.class.getName(), Root.class.getName(), Middle.class.getName());
    filter.transform(fresh, Leaf.class);
    filter.transform(fresh, Middle.class);
    filter.transform(fresh, ThroughInterface.class);
    assertThat(rootsReached).as("bits: the roots' order").containsExactly(BitSet.valueOf(new long[] {0b110}), BitSet.valueOf(new long[] {0b110}), BitSet.valueOf(new long[] {0b010}));
  }

  @Test
  void aClassFileThatCannotBeReadIsLeftAsItIs() throws Exception {
    ClassFileTransformerUnderTest filter = filter(Root.class.getName());
    assertThat(filter.transformer.transform(fresh, "com/example/Broken", null, null, new byte[] {0, 1, 2})).isNull();
    assertThat(handedOver).isEmpty();
  }

  @Test
  void aSuperTypeMissingFromTheClassPathEndsThatBranch() throws Exception {
    // the loader defines Leaf but sees neither Middle nor Root: an optional dependency the app lacks
    URLClassLoader onlyLeaf = new URLClassLoader(new URL[0], null);
    ClassFileTransformerUnderTest filter = filter(Root.class.getName());
    assertThat(filter.transform(onlyLeaf, Leaf.class)).isNull();
  }

  @Test
  void aSuperTypeWithoutAClassFileIsToldByItsLoadedClass() throws Exception {
    // generated at run time (a proxy, a class defined through a lookup): defined, but no resource
    GeneratedClasses generated = new GeneratedClasses();
    generated.define(Root.class);
    generated.define(Middle.class);
    ClassFileTransformerUnderTest filter = filter(Root.class.getName());
    assertThat(filter.transform(generated, Leaf.class)).isEqualTo(TRANSFORMED);
  }

  private static final class GeneratedClasses extends ClassLoader {
    GeneratedClasses() {
      super(null);
    }

    void define(Class<?> type) throws Exception {
      byte[] bytes = Weaving.classFile(type);
      defineClass(type.getName(), bytes, 0, bytes.length);
    }
  }

  @Test
  void theFilterDoesNotKeepALoaderAlive() throws Exception {
    ClassFileTransformerUnderTest filter = filter(Root.class.getName());
    java.lang.ref.WeakReference<ClassLoader> gone = passOneClassThrough(filter);
    assertThat(Collected.eventually(gone)).as("a loader whose classes went through the filter, no longer used by the app").isTrue();
  }

  private static java.lang.ref.WeakReference<ClassLoader> passOneClassThrough(ClassFileTransformerUnderTest filter) throws Exception {
    URLClassLoader app = new URLClassLoader(new URL[] {CandidateFilterTest.class.getProtectionDomain().getCodeSource().getLocation()}, null);
    assertThat(filter.transform(app, Leaf.class)).isEqualTo(TRANSFORMED);
    app.close();
    return new java.lang.ref.WeakReference<ClassLoader>(app);
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
    final CandidateFilter transformer;

    ClassFileTransformerUnderTest(CandidateFilter transformer) {
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
