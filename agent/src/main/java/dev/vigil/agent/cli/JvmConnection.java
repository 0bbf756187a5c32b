package dev.vigil.agent.cli;

import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import dev.vigil.agent.control.ControlRegistration;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import javax.management.MBeanException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * One JVM on this host, reached through the Attach API: its system properties, and Vigil's MBean
 * through the JDK's local JMX connector (what JConsole uses: the same user only, on loopback, no
 * port to configure). Every way it can fail is one line saying what to do.
 */
final class JvmConnection implements AutoCloseable {
  /** Set by the agent when it starts (see VigilPremain). */
  static final String VIGIL_PROPERTY = "vigil.agent.started";

  final long pid;
  private final VirtualMachine vm;
  private JMXConnector connector;
  private MBeanServerConnection mbeans;

  private JvmConnection(long pid, VirtualMachine vm) {
    this.pid = pid;
    this.vm = vm;
  }

  static JvmConnection open(String pidText) throws CliException {
    long pid = parsePid(pidText);
    ProcessHandle process = ProcessHandle.of(pid).orElseThrow(() -> new CliException("no process " + pid + " on this host"));
    String me = System.getProperty("user.name");
    Optional<String> owner = process.info().user();
    if (owner.isPresent() && !owner.get().equals(me) && !"root".equals(me)) {
      throw new CliException(
          "process " + pid + " runs as " + owner.get() + ", not " + me + ": the Attach API reaches only the same user's JVMs; run the command as "
              + owner.get() + " (sudo -u " + owner.get() + " java -jar vigil-agent.jar ...)");
    }
    if (pid == ProcessHandle.current().pid()) {
      throw new CliException("process " + pid + " is this command itself");
    }
    if (!isJvm(pid)) {
      // attaching signals the process (SIGQUIT), which would kill one that is not a JVM
      throw new CliException("process " + pid + process.info().command().map(c -> " (" + c + ")").orElse("") + " is not a Java VM of this user");
    }
    try {
      return new JvmConnection(pid, VirtualMachine.attach(String.valueOf(pid)));
    } catch (AttachNotSupportedException | IOException | RuntimeException e) {
      String what = process.info().command().map(c -> " (" + c + ")").orElse("");
      throw new CliException(
          "cannot attach to process " + pid + what + ": " + e.getMessage()
              + "; is it a Java VM of this user, started without -XX:+DisableAttachMechanism?");
    }
  }

  /**
   * Whether {@code pid} is a JVM, which attaching may signal. Where {@code /proc} shows the process
   * (Linux), its memory map must hold {@code libjvm}: the JDK's listing is only files in
   * {@code /tmp/hsperfdata_<user>}, which a JVM killed with -9 leaves behind for its PID's next
   * owner, and which any local user can write under any PID (root's listing reads every user's), so
   * a listed PID can be a shell or a daemon that SIGQUIT kills. Without {@code /proc}, the listing.
   */
  static boolean isJvm(long pid) {
    return isJvm(pid, Path.of("/proc"), JvmConnection::listed);
  }

  static boolean isJvm(long pid, Path proc, java.util.function.LongPredicate listed) {
    Path process = proc.resolve(String.valueOf(pid));
    if (Files.isDirectory(proc.resolve("self"))) {
      try {
        // ISO-8859-1: any byte of a mapped file's name reads, where UTF-8 could refuse the map of a real JVM
        return Files.isDirectory(process) && new String(Files.readAllBytes(process.resolve("maps")), StandardCharsets.ISO_8859_1).contains("/libjvm.");
      } catch (IOException | RuntimeException e) {
        return false; // not readable (another user's, or gone): not known to be a JVM
      }
    }
    return listed.test(pid);
  }

  private static boolean listed(long pid) {
    String id = String.valueOf(pid);
    for (com.sun.tools.attach.VirtualMachineDescriptor jvm : VirtualMachine.list()) {
      if (jvm.id().equals(id)) {
        return true;
      }
    }
    return false;
  }

  static long parsePid(String text) throws CliException {
    try {
      long pid = Long.parseLong(text);
      if (pid > 0) {
        return pid;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw new CliException("not a process id: '" + text + "' (list the JVMs on this host with: java -jar vigil-agent.jar list)");
  }

  Properties systemProperties() throws CliException {
    try {
      return vm.getSystemProperties();
    } catch (IOException e) {
      throw new CliException("process " + pid + " did not answer: " + e.getMessage());
    }
  }

  boolean hasVigil() throws CliException {
    return systemProperties().getProperty(VIGIL_PROPERTY) != null;
  }

  void loadAgent(String jar, String options) throws CliException {
    try {
      vm.loadAgent(jar, options);
    } catch (Exception e) {
      throw new CliException("loading Vigil into process " + pid + " failed: " + e.getMessage() + " (its stderr says more)");
    }
  }

  /** Vigil's MBean, once the JVM has Vigil and the MBean is registered; a clear error otherwise. */
  Object get(String attribute) throws CliException {
    try {
      return vigil().getAttribute(name(), attribute);
    } catch (Exception e) {
      throw new CliException("reading " + attribute + " from process " + pid + " failed: " + reason(e));
    }
  }

  /** Invokes an operation taking strings; its answer is the line Vigil said about it. */
  String invoke(String operation, String... arguments) throws CliException {
    String[] signature = new String[arguments.length];
    java.util.Arrays.fill(signature, String.class.getName());
    try {
      return String.valueOf(vigil().invoke(name(), operation, arguments, signature));
    } catch (Exception e) {
      throw new CliException(reason(e));
    }
  }

  private MBeanServerConnection vigil() throws CliException {
    if (mbeans != null) {
      return mbeans;
    }
    if (!hasVigil()) {
      throw new CliException(
          "process " + pid + " runs without Vigil: start it with -javaagent:vigil-agent.jar, or load it now with: java -jar vigil-agent.jar attach " + pid);
    }
    try {
      connector = JMXConnectorFactory.connect(new JMXServiceURL(vm.startLocalManagementAgent()));
      mbeans = connector.getMBeanServerConnection();
      if (!mbeans.isRegistered(name())) {
        throw new CliException(
            "Vigil runs in process " + pid + " but its MBean is not registered yet: it is, once the app has served a request or 30 s after"
                + " it started; try again shortly (its stderr says whether Vigil started)");
      }
      return mbeans;
    } catch (IOException e) {
      throw new CliException("cannot reach the JMX connector of process " + pid + ": " + e.getMessage());
    }
  }

  private static ObjectName name() {
    try {
      return new ObjectName(ControlRegistration.OBJECT_NAME);
    } catch (javax.management.MalformedObjectNameException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The message an operator can act on: a refused argument's own reason, not its JMX wrappers. */
  private static String reason(Exception e) {
    Throwable cause = e;
    while ((cause instanceof MBeanException || cause instanceof RuntimeMBeanException || cause instanceof javax.management.ReflectionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause.getMessage() == null ? cause.toString() : cause.getMessage();
  }

  @Override
  public void close() {
    try {
      if (connector != null) {
        connector.close();
      }
      vm.detach();
    } catch (IOException e) {
      // the JVM went away meanwhile: nothing left to close
    }
  }
}
