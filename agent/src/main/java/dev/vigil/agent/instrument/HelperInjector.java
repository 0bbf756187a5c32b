package dev.vigil.agent.instrument;

import dev.vigil.bootstrap.AgentLog;
import java.lang.reflect.Method;
import java.security.ProtectionDomain;
import java.util.List;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.utility.JavaModule;

/**
 * Defines a module's helper classes (a server's reader) in the loader of each class its advice is
 * inlined into, before that class is defined: the advice calls them, and only that loader sees both
 * the server's API and the bootstrap. A loader that already sees a helper (injected for an earlier
 * class, or through its parent) is left alone. The bytes come from the agent's loader.
 */
final class HelperInjector implements AgentBuilder.Transformer {
  private static final Method DEFINE_CLASS = defineClass();

  private final List<String> helperNames;
  private final ClassFileLocator agentClasses;

  HelperInjector(List<String> helperNames, ClassLoader agentLoader) {
    this.helperNames = helperNames;
    this.agentClasses = ClassFileLocator.ForClassLoader.of(agentLoader);
  }

  @Override
  public DynamicType.Builder<?> transform(
      DynamicType.Builder<?> builder, TypeDescription type, ClassLoader loader, JavaModule module, ProtectionDomain domain) {
    if (loader == null || helperNames.isEmpty()) {
      return builder;
    }
    synchronized (loader) {
      for (String name : helperNames) {
        if (!visible(name, loader)) {
          define(loader, name, bytes(name), domain);
        }
      }
    }
    return builder;
  }

  /**
   * {@code ClassLoader.defineClass}, opened to the agent's module alone by the installer: Byte Buddy's
   * own injectors need {@code sun.misc.Unsafe}, which the agent keeps away from (Java 24+ warns).
   */
  private static void define(ClassLoader loader, String name, byte[] bytes, ProtectionDomain domain) {
    try {
      DEFINE_CLASS.invoke(loader, name, bytes, 0, bytes.length, domain);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot define " + name + " in " + loader, e.getCause() == null ? e : e.getCause());
    }
  }

  private static boolean visible(String name, ClassLoader loader) {
    try {
      Class.forName(name, false, loader);
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  private static Method defineClass() {
    try {
      Method define = ClassLoader.class.getDeclaredMethod("defineClass", String.class, byte[].class, int.class, int.class, ProtectionDomain.class);
      define.setAccessible(true);
      return define;
    } catch (NoSuchMethodException | RuntimeException e) {
      throw new IllegalStateException("java.lang must be opened to the agent before helpers are injected", e);
    }
  }

  private byte[] bytes(String name) {
    try {
      return agentClasses.locate(name).resolve();
    } catch (java.io.IOException | IllegalStateException e) {
      AgentLog.errorOnce("helper-" + name, "cannot read the helper class " + name, e);
      throw new IllegalStateException(e);
    }
  }
}
