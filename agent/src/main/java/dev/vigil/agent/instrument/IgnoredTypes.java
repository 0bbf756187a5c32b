package dev.vigil.agent.instrument;

/**
 * Types no module may advise, decided by name before anything else, so most classes an app loads
 * cost a few string comparisons. The JDK (but the two JDK types that are instrumented, in
 * {@code com.sun.net.httpserver} and {@code javax.security.auth.login}, which is not under any prefix
 * here), the agent itself, other agents' helpers and libraries that hold no servlet, filter, realm
 * or login code. Names are the JVM's internal ones ({@code a/b/C}).
 */
final class IgnoredTypes {
  private static final String[] PREFIXES = {
    "dev/vigil/", "net/bytebuddy/", "java/", "jdk/", "sun/",
    // other agents' own helpers (the OpenTelemetry Java agent injects servlet accessors into the
    // app's loader): never the app's entry points
    "io/opentelemetry/javaagent/", "datadog/trace/", "co/elastic/apm/",
    // libraries loaded by the thousand that implement no servlet, filter, realm or login type
    "com/fasterxml/jackson/", "org/yaml/snakeyaml/", "org/slf4j/", "kotlin/", "scala/", "com/zaxxer/hikari/",
    "org/springframework/cglib/core/", "org/springframework/asm/", "org/objectweb/asm/",
  };
  private static final String COM_SUN = "com/sun/";
  private static final String HTTP_SERVER = "com/sun/net/httpserver/";
  private static final String PROXY = "$Proxy";

  private IgnoredTypes() {}

  static boolean ignores(String internalName) {
    for (String prefix : PREFIXES) {
      if (internalName.startsWith(prefix)) {
        return true;
      }
    }
    return (internalName.startsWith(COM_SUN) && !internalName.startsWith(HTTP_SERVER)) || internalName.contains(PROXY);
  }
}
