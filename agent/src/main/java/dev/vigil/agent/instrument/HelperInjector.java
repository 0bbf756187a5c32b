package dev.vigil.agent.instrument;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.security.ProtectionDomain;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.loading.ClassInjector;

/**
 * Defines modules' helper classes in an instrumented class's own loader, once per loader. Byte
 * Buddy's reflective injector needs {@code sun.misc.Unsafe}, which the agent keeps away from (Java
 * 24+ warns about it), so this one calls {@code ClassLoader.defineClass} itself, with
 * {@code java.lang} opened to the agent's module by the installer; the boot loader gets its helpers
 * through a jar appended by {@link Instrumentation}.
 */
final class HelperInjector implements AgentBuilder.InjectionStrategy {
  private final Instrumentation instrumentation;
  private final Map<ClassLoader, Set<String>> defined = Collections.synchronizedMap(new WeakHashMap<ClassLoader, Set<String>>());
  private final Set<String> definedInBoot = Collections.synchronizedSet(new HashSet<String>());
  private volatile Method defineClass;

  HelperInjector(Instrumentation instrumentation) {
    this.instrumentation = instrumentation;
  }

  @Override
  public ClassInjector resolve(ClassLoader loader, ProtectionDomain protectionDomain) {
    return new IntoLoader(loader, protectionDomain);
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

  private Method defineClass() throws NoSuchMethodException {
    Method method = defineClass;
    if (method == null) {
      method = ClassLoader.class.getDeclaredMethod("defineClass", String.class, byte[].class, int.class, int.class, ProtectionDomain.class);
      method.setAccessible(true);
      defineClass = method;
    }
    return method;
  }

  private final class IntoLoader extends ClassInjector.AbstractBase {
    private final ClassLoader loader;
    private final ProtectionDomain protectionDomain;

    IntoLoader(ClassLoader loader, ProtectionDomain protectionDomain) {
      this.loader = loader;
      this.protectionDomain = protectionDomain;
    }

    @Override
    public boolean isAlive() {
      return true;
    }

    @Override
    public Map<String, Class<?>> injectRaw(Set<String> names, ClassFileLocator locator) {
      Set<String> already = definedIn(loader);
      Map<String, byte[]> missing = new LinkedHashMap<String, byte[]>();
      for (String name : names) {
        if (!already.contains(name)) {
          try {
            missing.put(name, locator.locate(name).resolve());
          } catch (java.io.IOException e) {
            throw new IllegalStateException("helper class " + name + " not found in the agent", e);
          }
        }
      }
      Map<String, Class<?>> classes = new LinkedHashMap<String, Class<?>>();
      if (missing.isEmpty()) {
        return classes;
      }
      try {
        if (loader == null) {
          File folder = Files.createTempDirectory("vigil-helpers").toFile();
          folder.deleteOnExit();
          classes.putAll(ClassInjector.UsingInstrumentation.of(folder, ClassInjector.UsingInstrumentation.Target.BOOTSTRAP, instrumentation).injectRaw(missing));
        } else {
          for (Map.Entry<String, byte[]> helper : missing.entrySet()) {
            classes.put(helper.getKey(), define(helper.getKey(), helper.getValue()));
          }
        }
      } catch (Exception e) {
        throw new IllegalStateException("could not define helper classes " + missing.keySet() + " in " + loader, e);
      }
      already.addAll(missing.keySet());
      return classes;
    }

    private Class<?> define(String name, byte[] bytes) throws Exception {
      try {
        return (Class<?>) defineClass().invoke(loader, name, bytes, 0, bytes.length, protectionDomain);
      } catch (java.lang.reflect.InvocationTargetException e) {
        if (e.getCause() instanceof LinkageError) {
          // defined meanwhile by another thread transforming a class of the same loader
          return Class.forName(name, false, loader);
        }
        throw e;
      }
    }
  }
}
