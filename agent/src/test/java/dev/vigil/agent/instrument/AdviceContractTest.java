package dev.vigil.agent.instrument;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.instrumentation.AdviceBinding;
import dev.vigil.instrumentation.InstrumentationModule;
import dev.vigil.instrumentation.TypeInstrumentation;
import dev.vigil.instrumentation.methods.LoginMethodTarget;
import dev.vigil.instrumentation.methods.LoginMethodsModule;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Woven code calls advice methods by descriptor: a binding whose advice class lacks one would throw
 * NoSuchMethodError inside the app. Every shipped module's advice must have them all.
 */
class AdviceContractTest {
  private static List<InstrumentationModule> shipped() {
    List<InstrumentationModule> modules = new ArrayList<>(InstrumentationInstaller.libraryModules(AdviceContractTest.class.getClassLoader()));
    modules.add(new LoginMethodsModule(List.of(new LoginMethodTarget("com.example.Accounts", "signIn", 1, LoginMethodTarget.Returns.BOOLEAN))));
    return modules;
  }

  @Test
  void everyBindingsAdviceHasThePublicStaticMethodsTheWovenCodeCalls() throws Exception {
    List<String> checked = new ArrayList<>();
    for (InstrumentationModule module : shipped()) {
      for (TypeInstrumentation type : module.typeInstrumentations()) {
        for (AdviceBinding binding : type.adviceBindings()) {
          Set<String> advice = publicStaticMethods(binding.adviceClassName());
          assertHas(advice, AdviceBinding.ENTER, binding.enterDescriptor());
          assertHas(advice, AdviceBinding.EXIT, binding.exitDescriptor());
          if (binding.isSkipping()) {
            assertHas(advice, AdviceBinding.SKIPS, AdviceBinding.SKIPS_DESCRIPTOR);
            assertHas(advice, AdviceBinding.SKIPPED, AdviceBinding.SKIPPED_DESCRIPTOR);
          }
          checked.add(module.name() + ":" + binding.adviceClassName());
        }
      }
    }
    assertThat(checked).as("every shipped module").hasSizeGreaterThanOrEqualTo(10);
  }

  private static void assertHas(Set<String> advice, String name, String descriptor) {
    assertThat(advice).as("public static methods of the advice").contains(name + descriptor);
  }

  /** Read from the class file: the advice is never loaded outside an app's loader, which has its library. */
  private static Set<String> publicStaticMethods(String className) throws Exception {
    Set<String> methods = new TreeSet<>();
    try (InputStream in = AdviceContractTest.class.getClassLoader().getResourceAsStream(className.replace('.', '/') + ".class")) {
      new ClassReader(in).accept(
          new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
              if ((access & Opcodes.ACC_PUBLIC) != 0 && (access & Opcodes.ACC_STATIC) != 0) {
                methods.add(name + descriptor);
              }
              return null;
            }
          },
          ClassReader.SKIP_CODE);
    }
    return methods;
  }
}
