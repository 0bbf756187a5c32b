package dev.vigil.agent.instrument;

import dev.vigil.instrumentation.AdviceBinding;
import dev.vigil.instrumentation.InstrumentationModule;
import dev.vigil.instrumentation.TypeInstrumentation;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Weaves test fixtures the way the installed agent does (filter, weaver, helpers defined in the
 * fixture's loader) and defines them in a loader of their own, which sees everything else through
 * the test's class path: the advice calls the same VigilHooks the test installs.
 */
final class Weaving {
  private final CandidateFilter filter;
  private final FixtureLoader loader = new FixtureLoader();

  Weaving(InstrumentationModule... modules) {
    List<InstrumentationModule> list = Arrays.asList(modules);
    List<String> roots = TypeAdvice.rootsOf(list);
    List<TypeAdvice> types = new ArrayList<>();
    for (InstrumentationModule module : list) {
      for (TypeInstrumentation type : module.typeInstrumentations()) {
        types.add(new TypeAdvice(module, type, roots));
      }
    }
    ClassLoader here = Weaving.class.getClassLoader();
    this.filter = new CandidateFilter(new AdviceWeaver(types, new HelperInjector(null, here), new InstrumentationListener()), roots, TypeAdvice.bindingsOf(types));
  }

  /** One module advising one type by name, with the given bindings. */
  static InstrumentationModule module(String name, TypeInstrumentation type, String... helpers) {
    return new InstrumentationModule() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public List<TypeInstrumentation> typeInstrumentations() {
        return List.of(type);
      }

      @Override
      public List<String> helperClassNames() {
        return List.of(helpers);
      }
    };
  }

  /** The fixture's class file as the weaver left it, or null if it left it alone. */
  byte[] wovenBytes(Class<?> fixture) throws Exception {
    return wovenBytes(fixture.getName(), classFile(fixture));
  }

  byte[] wovenBytes(String binaryName, byte[] classFile) {
    return filter.transform(loader, binaryName.replace('.', '/'), null, null, classFile);
  }

  /** The fixture, woven, in the fixture loader (defined as it is when nothing matched). */
  Class<?> load(Class<?> fixture) throws Exception {
    return load(fixture.getName(), classFile(fixture));
  }

  /** A class made up by the test (bytecode no compiler writes), woven and defined. */
  Class<?> load(String binaryName, byte[] classFile) {
    byte[] woven = wovenBytes(binaryName, classFile);
    return loader.define(binaryName, woven != null ? woven : classFile);
  }

  /** How many advice entries the weaver wove into the fixture, in all its methods. */
  int enterCalls(Class<?> fixture) throws Exception {
    return enterCallSites(fixture).size();
  }

  /** Name and descriptor of each of the fixture's methods the weaver made call an advice. */
  Set<String> advisedMethods(Class<?> fixture) throws Exception {
    return new TreeSet<>(enterCallSites(fixture));
  }

  /** The method (name and descriptor) of every advice entry woven into the fixture. */
  private List<String> enterCallSites(Class<?> fixture) throws Exception {
    List<String> sites = new ArrayList<>();
    byte[] woven = wovenBytes(fixture);
    if (woven == null) {
      return sites;
    }
    new ClassReader(woven).accept(
        new ClassVisitor(Opcodes.ASM9) {
          @Override
          public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
            return new MethodVisitor(Opcodes.ASM9) {
              @Override
              public void visitMethodInsn(int opcode, String owner, String method, String called, boolean isInterface) {
                if (opcode == Opcodes.INVOKESTATIC && method.equals(AdviceBinding.ENTER)) {
                  sites.add(name + descriptor);
                }
              }
            };
          }
        },
        0);
    return sites;
  }

  static byte[] classFile(Class<?> type) throws Exception {
    String resource = type.getName().replace('.', '/') + ".class";
    try (InputStream in = type.getClassLoader() == null ? ClassLoader.getSystemResourceAsStream(resource) : type.getClassLoader().getResourceAsStream(resource)) {
      return in.readAllBytes();
    }
  }

  /** Defines the fixtures; every other name (nested fixture types too) comes from the test's loader. */
  private static final class FixtureLoader extends ClassLoader {
    private final Map<String, Class<?>> fixtures = new HashMap<>();

    FixtureLoader() {
      super(Weaving.class.getClassLoader());
    }

    synchronized Class<?> define(String name, byte[] bytes) {
      Class<?> type = defineClass(name, bytes, 0, bytes.length);
      fixtures.put(name, type);
      return type;
    }

    @Override
    protected synchronized Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      Class<?> fixture = fixtures.get(name);
      if (fixture != null) {
        return fixture;
      }
      Class<?> helper = findLoadedClass(name);
      return helper != null ? helper : super.loadClass(name, resolve);
    }
  }
}
