package dev.vigil.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.nameContains;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.none;
import static net.bytebuddy.matcher.ElementMatchers.not;

import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Types no module may advise, decided by name before anything else, so most classes an app loads
 * cost a few string comparisons. The JDK (but the two JDK types that are instrumented, in
 * {@code com.sun.net.httpserver} and {@code javax.security.auth.login}, which is not under any prefix
 * here), the agent itself, other agents' helpers and libraries that hold no servlet, filter, realm
 * or login code.
 */
final class IgnoredTypes {
  private static final String[] PREFIXES = {
    "dev.vigil.", "net.bytebuddy.", "java.", "jdk.", "sun.",
    // other agents' own helpers (the OpenTelemetry Java agent injects servlet accessors into the
    // app's loader): never the app's entry points
    "io.opentelemetry.javaagent.", "datadog.trace.", "co.elastic.apm.",
    // libraries loaded by the thousand that implement no servlet, filter, realm or login type
    "com.fasterxml.jackson.", "org.yaml.snakeyaml.", "org.slf4j.", "kotlin.", "scala.", "com.zaxxer.hikari.",
    "org.springframework.cglib.core.", "org.springframework.asm.", "org.objectweb.asm.",
  };
  private static final String[] INTERNAL_PREFIXES = internal(PREFIXES);
  private static final String COM_SUN = "com/sun/";
  private static final String HTTP_SERVER = "com/sun/net/httpserver/";
  private static final String PROXY = "$Proxy";

  private IgnoredTypes() {}

  /** The class file transformer's first question, on the JVM's internal name ({@code a/b/C}). */
  static boolean ignores(String internalName) {
    for (String prefix : INTERNAL_PREFIXES) {
      if (internalName.startsWith(prefix)) {
        return true;
      }
    }
    return (internalName.startsWith(COM_SUN) && !internalName.startsWith(HTTP_SERVER)) || internalName.contains(PROXY);
  }

  /** The same for Byte Buddy's ignore matcher, plus synthetic types (which need the class file parsed). */
  static ElementMatcher.Junction<TypeDescription> matcher() {
    ElementMatcher.Junction<TypeDescription> ignored = none();
    for (String prefix : PREFIXES) {
      ignored = ignored.or(nameStartsWith(prefix));
    }
    return ignored
        .or(nameStartsWith("com.sun.").and(not(nameStartsWith("com.sun.net.httpserver."))))
        .or(nameContains(PROXY))
        .or(isSynthetic());
  }

  private static String[] internal(String[] binaryPrefixes) {
    String[] internal = new String[binaryPrefixes.length];
    for (int i = 0; i < internal.length; i++) {
      internal[i] = binaryPrefixes[i].replace('.', '/');
    }
    return internal;
  }
}
