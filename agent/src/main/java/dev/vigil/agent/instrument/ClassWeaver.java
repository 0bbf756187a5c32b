package dev.vigil.agent.instrument;

import java.security.ProtectionDomain;
import java.util.BitSet;
import org.objectweb.asm.ClassReader;

/** What {@link CandidateFilter} hands a candidate class to. */
interface ClassWeaver {
  /**
   * @param module the class's module (null when the JVM does not say)
   * @param reached the roots at or above the class (bit {@code i}: the filter's root {@code i})
   * @return the woven class file, or null to leave the class as it is
   */
  byte[] weave(Module module, ClassLoader loader, String internalName, ProtectionDomain domain, ClassReader classFile, BitSet reached);
}
