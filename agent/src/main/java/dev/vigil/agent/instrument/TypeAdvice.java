package dev.vigil.agent.instrument;

import dev.vigil.instrumentation.AdviceBinding;
import dev.vigil.instrumentation.InstrumentationModule;
import dev.vigil.instrumentation.TypeInstrumentation;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One type instrumentation as the weaver applies it: the roots it advises (as the filter's bit
 * indexes), its module's name for the startup line, and the classes its woven code calls (the
 * advice classes and the module's helpers), defined in each advised class's loader.
 */
final class TypeAdvice {
  final String moduleName;
  final TypeInstrumentation type;
  final BitSet roots = new BitSet();
  final Set<String> helpers = new LinkedHashSet<String>();

  TypeAdvice(InstrumentationModule module, TypeInstrumentation type, List<String> allRoots) {
    this.moduleName = module.name();
    this.type = type;
    for (String root : type.rootTypeNames()) {
      roots.set(allRoots.indexOf(root));
    }
    helpers.addAll(module.helperClassNames());
    for (AdviceBinding binding : type.adviceBindings()) {
      helpers.add(binding.adviceClassName());
    }
  }

  /** {@code named} types: the root itself; {@code subtypesOf}: any class that reaches a root. */
  boolean advises(String binaryName, boolean isInterface, BitSet reached) {
    if (!type.advisesSubtypes()) {
      return type.rootTypeNames().contains(binaryName);
    }
    return !isInterface && reached.intersects(roots);
  }

  static List<AdviceBinding> bindingsOf(List<TypeAdvice> types) {
    List<AdviceBinding> bindings = new ArrayList<AdviceBinding>();
    for (TypeAdvice type : types) {
      bindings.addAll(type.type.adviceBindings());
    }
    return bindings;
  }

  static List<String> rootsOf(List<InstrumentationModule> modules) {
    List<String> roots = new ArrayList<String>();
    for (InstrumentationModule module : modules) {
      for (TypeInstrumentation type : module.typeInstrumentations()) {
        for (String root : type.rootTypeNames()) {
          if (!roots.contains(root)) {
            roots.add(root);
          }
        }
      }
    }
    return roots;
  }
}
