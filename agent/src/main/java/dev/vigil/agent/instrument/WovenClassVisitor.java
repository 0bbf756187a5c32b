package dev.vigil.agent.instrument;

import dev.vigil.instrumentation.AdviceBinding;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Passes a class through unchanged but for the methods the bindings match, each wrapped in one
 * {@link AdviceMethodVisitor} per binding (the first binding outermost). The class reader visits
 * fields before methods, so the fields an advice reads are known when its methods are woven.
 */
final class WovenClassVisitor extends ClassVisitor {
  private final List<AdviceBinding> bindings;
  private final Map<String, String> fieldDescriptors = new HashMap<String, String>();
  private String owner;
  private int version;

  WovenClassVisitor(ClassVisitor writer, List<AdviceBinding> bindings) {
    super(Opcodes.ASM9, writer);
    this.bindings = bindings;
  }

  @Override
  public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
    this.owner = name;
    this.version = version;
    super.visit(version, access, name, signature, superName, interfaces);
  }

  @Override
  public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
    if ((access & Opcodes.ACC_STATIC) == 0) {
      fieldDescriptors.put(name, descriptor);
    }
    return super.visitField(access, name, descriptor, signature, value);
  }

  @Override
  public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
    MethodVisitor method = super.visitMethod(access, name, descriptor, signature, exceptions);
    List<AdviceBinding> matched = AdviceWeaver.matching(bindings, access, name, descriptor);
    if (matched == null || method == null) {
      return method;
    }
    for (AdviceBinding binding : matched) {
      method = new AdviceMethodVisitor(method, binding, owner, version, fieldDescriptors, access, name, descriptor);
    }
    return method;
  }
}
