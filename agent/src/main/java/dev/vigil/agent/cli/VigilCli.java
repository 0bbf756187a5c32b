package dev.vigil.agent.cli;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * {@code java -jar vigil-agent.jar <command>}: operating Vigil in the JVMs of this host, through the
 * Attach API and Vigil's MBean. Exit status 0 when done, 1 when it failed (one line on stderr says
 * why), 2 for a command it does not know.
 */
public final class VigilCli {
  static final String USAGE = String.join("\n",
      "usage: java -jar vigil-agent.jar <command>",
      "  list                               this user's JVMs on this host, with and without Vigil",
      "  attach PID [config=FILE]           load Vigil into a running JVM",
      "  status PID                         mode, policy, counts, top callers",
      "  top PID [-d SECONDS] [-n COUNT]    the busiest and most refused callers, refreshing (Ctrl-C quits)",
      "  unlock PID ADDRESS|NETWORK|user=NAME   clear every lockout, bucket and refusal that holds them",
      "  ban PID ADDRESS|NETWORK [for=DURATION]   answer 403 for a while (default 1h, at most 365d)",
      "  allow PID ADDRESS|NETWORK [for=DURATION] let past every limit for a while (default 1h)",
      "  lift PID ADDRESS|NETWORK           end a ban or allow",
      "  mode PID enforce|monitor           switch now, every table kept",
      "  reload PID                         read the policy file again",
      "  schema                             print the JSON Schema of vigil.yaml");
  private static final String SCHEMA = "dev/vigil/agent/config/vigil.schema.json";

  private VigilCli() {}

  /** Called by the jar's main class, inside the agent's own class loader. */
  public static int run(String[] args, File jar) {
    return run(args, jar, System.out, System.err);
  }

  static int run(String[] args, File jar, PrintStream out, PrintStream err) {
    if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
      (args.length == 0 ? err : out).println(USAGE);
      return args.length == 0 ? 2 : 0;
    }
    String command = args[0];
    List<String> rest = Arrays.asList(args).subList(1, args.length);
    try {
      if (command.equals("schema")) {
        return schema(out);
      }
      if (!ModuleLayer.boot().findModule("jdk.attach").isPresent()) {
        throw new CliException("this command needs a JDK (its jdk.attach module); this java runs without it");
      }
      switch (command) {
        case "list":
          LocalJvms.print(out);
          return 0;
        case "attach":
          return attach(rest, jar, out);
        case "status":
        case "top":
        case "unlock":
        case "ban":
        case "allow":
        case "lift":
        case "mode":
        case "reload":
          return onJvm(command, rest, out);
        default:
          err.println("vigil: unknown command '" + command.replaceAll("\\p{Cntrl}", "?") + "'");
          err.println(USAGE);
          return 2;
      }
    } catch (CliException e) {
      err.println("vigil: " + Screen.plain(e.getMessage())); // may carry what the target JVM answered
      return 1;
    }
  }

  private static int onJvm(String command, List<String> args, PrintStream out) throws CliException {
    if (args.isEmpty()) {
      throw new CliException(command + " needs the process id of a JVM (list them with: java -jar vigil-agent.jar list)");
    }
    try (JvmConnection jvm = JvmConnection.open(args.get(0))) {
      List<String> more = args.subList(1, args.size());
      switch (command) {
        case "status":
          out.print(Screen.render(jvm.pid, new Screen.Reading(jvm), null, 10));
          return 0;
        case "top":
          return TopView.run(jvm, more, out);
        case "unlock":
          String target = single(command, more, "an address, a network or user=NAME");
          if (target.startsWith("user=")) {
            out.println(Screen.plain(jvm.invoke("unlockUser", target.substring("user=".length()))));
          } else {
            out.println(Screen.plain(jvm.invoke(target.indexOf('/') >= 0 ? "unlockNetwork" : "unlockAddress", target)));
          }
          return 0;
        case "ban":
        case "allow":
          out.println(Screen.plain(jvm.invoke(command, network(command, more), duration(more))));
          return 0;
        case "lift":
          out.println(Screen.plain(jvm.invoke("lift", single(command, more, "an address or a network"))));
          return 0;
        case "mode":
          out.println(Screen.plain(jvm.invoke("switchMode", single(command, more, "enforce or monitor"))));
          return 0;
        default:
          out.println(Screen.plain(jvm.invoke("reload")));
          return 0;
      }
    }
  }

  private static int attach(List<String> args, File jar, PrintStream out) throws CliException {
    if (args.isEmpty() || args.size() > 2 || (args.size() == 2 && !args.get(1).startsWith("config="))) {
      throw new CliException("usage: attach PID [config=FILE]");
    }
    String options = null;
    if (args.size() == 2) {
      Path config = Path.of(args.get(1).substring("config=".length())).toAbsolutePath().normalize();
      if (!Files.isReadable(config)) {
        throw new CliException("cannot read the policy file " + config);
      }
      options = "config=" + config; // absolute: the JVM resolves it against its own working directory
    }
    try (JvmConnection jvm = JvmConnection.open(args.get(0))) {
      if (jvm.hasVigil()) {
        throw new CliException("Vigil runs in process " + jvm.pid + " already (see: java -jar vigil-agent.jar status " + jvm.pid + ")");
      }
      jvm.loadAgent(jar.getAbsolutePath(), options);
      if (!jvm.hasVigil()) {
        throw new CliException("Vigil did not start in process " + jvm.pid + "; its stderr says why");
      }
      out.println("Vigil loaded into process " + jvm.pid + (options == null ? " with the built-in policy" : " with " + options.substring(7))
          + "; its startup line is on that JVM's stderr");
      return 0;
    }
  }

  private static String single(String command, List<String> args, String what) throws CliException {
    if (args.size() != 1) {
      throw new CliException(command + " needs " + what + " after the process id");
    }
    return args.get(0);
  }

  private static String network(String command, List<String> args) throws CliException {
    if (args.isEmpty() || args.size() > 2 || (args.size() == 2 && !args.get(1).startsWith("for="))) {
      throw new CliException("usage: " + command + " PID ADDRESS|NETWORK [for=DURATION]");
    }
    return args.get(0);
  }

  private static String duration(List<String> args) {
    return args.size() == 2 ? args.get(1).substring("for=".length()) : "1h";
  }

  private static int schema(PrintStream out) throws CliException {
    try (InputStream schema = VigilCli.class.getClassLoader().getResourceAsStream(SCHEMA)) {
      if (schema == null) {
        throw new CliException("this jar carries no schema (" + SCHEMA + ")");
      }
      out.print(new String(schema.readAllBytes(), StandardCharsets.UTF_8));
      return 0;
    } catch (IOException e) {
      throw new CliException("reading the schema failed: " + e.getMessage());
    }
  }
}
