package dev.vigil.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.nameContains;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.not;

import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Types no module may advise, decided by name before any type matcher runs, so most classes an app
 * loads cost a few string comparisons. The JDK (but the two JDK types that are instrumented, in
 * {@code com.sun.net.httpserver} and {@code javax.security.auth.login}, which is not under any prefix
 * here), the agent itself, other agents' helpers and libraries that hold no servlet, filter, realm
 * or login code. The synthetic check comes last: it needs the class file parsed.
 */
final class IgnoredTypes {
  private IgnoredTypes() {}

  static ElementMatcher.Junction<TypeDescription> matcher() {
    return nameStartsWith("dev.vigil.")
        .or(nameStartsWith("net.bytebuddy."))
        .or(nameStartsWith("java."))
        .or(nameStartsWith("jdk."))
        .or(nameStartsWith("sun."))
        .or(nameStartsWith("com.sun.").and(not(nameStartsWith("com.sun.net.httpserver."))))
        // other agents' own helpers (the OpenTelemetry Java agent injects servlet accessors into the
        // app's loader): never the app's entry points
        .or(nameStartsWith("io.opentelemetry.javaagent."))
        .or(nameStartsWith("datadog.trace."))
        .or(nameStartsWith("co.elastic.apm."))
        // libraries loaded by the thousand that implement no servlet, filter, realm or login type
        .or(nameStartsWith("com.fasterxml.jackson."))
        .or(nameStartsWith("org.yaml.snakeyaml."))
        .or(nameStartsWith("org.slf4j."))
        .or(nameStartsWith("kotlin."))
        .or(nameStartsWith("scala."))
        .or(nameStartsWith("com.zaxxer.hikari."))
        .or(nameStartsWith("org.springframework.cglib.core."))
        .or(nameStartsWith("org.springframework.asm."))
        .or(nameStartsWith("org.objectweb.asm."))
        .or(nameContains("$Proxy"))
        .or(isSynthetic());
  }
}
