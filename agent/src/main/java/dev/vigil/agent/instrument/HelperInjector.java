package dev.vigil.agent.instrument;

import dev.vigil.bootstrap.VigilHooks;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.security.ProtectionDomain;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

/**
 * Defines advice and helper classes in an advised class's own loader, once per loader, before the
 * advised class is defined: its woven code calls them, and they use the library's types as that
 * loader sees them. A loader gets them through {@code ClassLoader.defineClass}, with {@code
 * java.lang} opened to the agent's module by the installer (no {@code sun.misc.Unsafe}, which Java
 * 24+ warns about); the boot loader through a jar appended by {@link Instrumentation}.
 *
 * <p>Woven code that could not link its advice would throw into the app on every call, so each
 * loader is checked first: it must resolve every helper, and the bootstrap classes to the agent's
 * own (a module system's loader may not delegate to the boot loader). A class in a named module is
 * made to read the modules its advice lives in. Any of these failing leaves the class unwoven.
 */
final class HelperInjector {
  private final Instrumentation instrumentation;
  private final ClassLoader agentLoader;
  private final Map<ClassLoader, Set<String>> defined = Collections.synchronizedMap(new WeakHashMap<ClassLoader, Set<String>>());
  private final Set<String> definedInBoot = Collections.synchronizedSet(new HashSet<String>());
  private volatile Method defineClass;

  /** @param agentLoader where the helpers' class files are read from (never loaded there) */
  HelperInjector(Instrumentation instrumentation, ClassLoader agentLoader) {
    this.instrumentation = instrumentation;
    this.agentLoader = agentLoader;
  }

  void inject(Module module, ClassLoader loader, ProtectionDomain domain, Collection<String> names) throws IOException, ReflectiveOperationException {
    Set<String> ready = definedIn(loader);
    Map<String, byte[]> missing = new LinkedHashMap<String, byte[]>();
    for (String name : names) {
      if (!ready.contains(name)) {
        missing.put(name, classFile(name));
      }
    }
    if (!missing.isEmpty()) {
      boolean firstInLoader = ready.isEmpty();
      if (loader == null) {
        appendToBoot(missing);
      } else {
        for (Map.Entry<String, byte[]> helper : missing.entrySet()) {
          define(loader, domain, helper.getKey(), helper.getValue());
          // defined here or, by another thread or a parent, already: nothing is loaded
          Class.forName(helper.getKey(), false, loader);
        }
        if (firstInLoader && Class.forName(VigilHooks.class.getName(), false, loader) != VigilHooks.class) {
          throw new IllegalStateException(loader + " does not see the agent's bootstrap classes");
        }
      }
      // only names this loader resolves count as ready: a loader that failed is checked again next time
      ready.addAll(missing.keySet());
    }
    if (loader != null && module != null && module.isNamed()) {
      readAdvice(module, loader, names);
    }
  }

  private void readAdvice(Module module, ClassLoader loader, Collection<String> names) throws ClassNotFoundException {
    if (instrumentation == null || !instrumentation.isModifiableModule(module)) {
      throw new IllegalStateException("cannot make module " + module.getName() + " read its advice");
    }
    Set<Module> advice = new HashSet<Module>();
    advice.add(VigilHooks.class.getModule());
    for (String name : names) {
      advice.add(Class.forName(name, false, loader).getModule());
    }
    instrumentation.redefineModule(module, advice, Collections.<String, Set<Module>>emptyMap(), Collections.<String, Set<Module>>emptyMap(),
        Collections.<Class<?>>emptySet(), Collections.<Class<?>, List<Class<?>>>emptyMap());
  }

  private byte[] classFile(String name) throws IOException {
    InputStream in = agentLoader.getResourceAsStream(name.replace('.', '/') + ".class");
    if (in == null) {
      throw new IOException("helper class " + name + " not found in the agent");
    }
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
        bytes.write(buffer, 0, read);
      }
      return bytes.toByteArray();
    } finally {
      in.close();
    }
  }

  private Set<String> definedIn(ClassLoader loader) {
    if (loader == null) {
      return definedInBoot;
    }
    synchronized (defined) {
      Set<String> names = defined.get(loader);
      if (names == null) {
        names = Collections.synchronizedSet(new HashSet<String>());
        defined.put(loader, names);
      }
      return names;
    }
  }

  /** The boot loader finds them in a jar of their own, on the first call of the woven code. */
  private void appendToBoot(Map<String, byte[]> classes) throws IOException {
    File jar = Files.createTempFile("vigil-helpers", ".jar").toFile();
    jar.deleteOnExit();
    JarOutputStream out = new JarOutputStream(new FileOutputStream(jar));
    try {
      for (Map.Entry<String, byte[]> helper : classes.entrySet()) {
        out.putNextEntry(new JarEntry(helper.getKey().replace('.', '/') + ".class"));
        out.write(helper.getValue());
        out.closeEntry();
      }
    } finally {
      out.close();
    }
    instrumentation.appendToBootstrapClassLoaderSearch(new JarFile(jar));
  }

  private void define(ClassLoader loader, ProtectionDomain domain, String name, byte[] bytes) throws ReflectiveOperationException {
    try {
      defineClass().invoke(loader, name, bytes, 0, bytes.length, domain);
    } catch (InvocationTargetException e) {
      if (!(e.getCause() instanceof LinkageError)) {
        throw e;
      }
      // defined meanwhile by another thread weaving a class of the same loader
      Class.forName(name, false, loader);
    }
  }

  private Method defineClass() throws NoSuchMethodException {
    Method method = defineClass;
    if (method == null) {
      method = ClassLoader.class.getDeclaredMethod("defineClass", String.class, byte[].class, int.class, int.class, ProtectionDomain.class);
      method.setAccessible(true);
      defineClass = method;
    }
    return method;
  }
}
