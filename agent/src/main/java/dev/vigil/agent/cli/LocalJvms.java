package dev.vigil.agent.cli;

import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Properties;

/** {@code list}: this user's JVMs on this host, with and without Vigil. */
final class LocalJvms {
  private LocalJvms() {}

  static void print(PrintStream out) {
    out.println(String.format(Locale.ROOT, "%-8s %-6s %-10s %s", "PID", "VIGIL", "JAVA", "MAIN"));
    long self = ProcessHandle.current().pid();
    for (VirtualMachineDescriptor jvm : VirtualMachine.list()) {
      if (jvm.id().equals(String.valueOf(self))) {
        continue;
      }
      String vigil;
      String java;
      long pid;
      try {
        pid = Long.parseLong(jvm.id());
      } catch (NumberFormatException e) {
        continue;
      }
      if (!JvmConnection.isJvm(pid)) {
        // a stale or planted performance-data file: the PID is not a JVM now, and attaching would signal it
        continue;
      }
      try {
        VirtualMachine vm = VirtualMachine.attach(jvm);
        try {
          Properties properties = vm.getSystemProperties();
          vigil = properties.getProperty(JvmConnection.VIGIL_PROPERTY) != null ? "yes" : "no";
          java = properties.getProperty("java.version", "?");
        } finally {
          vm.detach();
        }
      } catch (Exception e) {
        vigil = "?";
        java = "(cannot attach: " + e.getMessage() + ")";
      }
      // another process's command line and properties: shown, never obeyed by the terminal
      out.println(String.format(Locale.ROOT, "%-8s %-6s %-10s %s", jvm.id(), vigil, Screen.plain(java), Screen.plain(jvm.displayName())));
    }
  }
}
