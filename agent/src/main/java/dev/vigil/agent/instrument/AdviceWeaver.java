package dev.vigil.agent.instrument;

import dev.vigil.instrumentation.AdviceBinding;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Weaves calls to advice into the candidate classes the filter hands over: finds the type
 * instrumentations that advise the class and the methods their bindings match (a quick pass over
 * the method headers first, as most candidates have none), rewrites those methods ({@link
 * AdviceMethodVisitor}; fields and methods stay as they are, so retransformation is safe), defines
 * the advice and helpers in the class's loader, and reports. ASM alone: no type descriptions, no
 * class loading, which is what made weaving with Byte Buddy cost the first fifth of a second.
 */
final class AdviceWeaver implements ClassWeaver {
  private final List<TypeAdvice> types;
  private final HelperInjector helpers;
  private final InstrumentationListener listener;

  AdviceWeaver(List<TypeAdvice> types, HelperInjector helpers, InstrumentationListener listener) {
    this.types = types;
    this.helpers = helpers;
    this.listener = listener;
  }

  @Override
  public byte[] weave(Module module, ClassLoader loader, String internalName, ProtectionDomain domain, ClassReader classFile, BitSet reached) {
    String name = internalName.replace('/', '.');
    try {
      int access = classFile.getAccess();
      if ((access & Opcodes.ACC_SYNTHETIC) != 0) {
        return null;
      }
      List<TypeAdvice> advising = new ArrayList<TypeAdvice>();
      List<AdviceBinding> bindings = new ArrayList<AdviceBinding>();
      for (TypeAdvice type : types) {
        if (type.advises(name, (access & Opcodes.ACC_INTERFACE) != 0, reached)) {
          advising.add(type);
          bindings.addAll(type.type.adviceBindings());
        }
      }
      if (bindings.isEmpty() || !AdvisedMethodGate.declaresMatch(classFile, bindings)) {
        return null;
      }
      ClassWriter writer = new ClassWriter(classFile, ClassWriter.COMPUTE_MAXS);
      classFile.accept(new WovenClassVisitor(writer, bindings), ClassReader.EXPAND_FRAMES);
      byte[] woven = writer.toByteArray();
      Set<String> needed = new LinkedHashSet<String>();
      Set<String> modules = new LinkedHashSet<String>();
      for (TypeAdvice type : advising) {
        needed.addAll(type.helpers);
        modules.add(type.moduleName);
      }
      helpers.inject(module, loader, domain, needed);
      listener.onWoven(modules, name);
      return woven;
    } catch (Throwable t) {
      listener.onError(name, t);
      return null;
    }
  }

  /** The bindings that advise this method, in order, or null for none. */
  static List<AdviceBinding> matching(List<AdviceBinding> bindings, int access, String name, String descriptor) {
    List<AdviceBinding> matched = null;
    String[] argumentTypes = null;
    String returnType = null;
    for (AdviceBinding binding : bindings) {
      if (!binding.methods().name().equals(name)) {
        continue;
      }
      if (argumentTypes == null) {
        Type[] arguments = Type.getArgumentTypes(descriptor);
        argumentTypes = new String[arguments.length];
        for (int i = 0; i < arguments.length; i++) {
          argumentTypes[i] = arguments[i].getClassName();
        }
        returnType = Type.getReturnType(descriptor).getClassName();
      }
      if (binding.methods().matches(access, name, argumentTypes, returnType)) {
        if (matched == null) {
          matched = new ArrayList<AdviceBinding>();
        }
        matched.add(binding);
      }
    }
    return matched;
  }
}
