package dev.vigil.instrumentation.tomcat;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.vigil.instrumentation.AdviceBinding;
import dev.vigil.instrumentation.HasClassNamed;
import dev.vigil.instrumentation.InstrumentationModule;
import dev.vigil.instrumentation.TypeInstrumentation;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Tomcat's password check, {@code Realm.authenticate(String, String)} (BASIC, FORM and
 * {@code HttpServletRequest.login}), and the authenticator valve around it, which tells the realm
 * hook who is calling: the valve runs before any filter or servlet, so before the request entry.
 * Realms and valves get both advice, as a class could be both.
 */
public final class TomcatRealmModule implements InstrumentationModule {
  public static final String NAME = "tomcat-realm";
  private static final String REALM = "org.apache.catalina.Realm";
  private static final String AUTHENTICATOR = "org.apache.catalina.authenticator.AuthenticatorBase";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public ElementMatcher<ClassLoader> classLoaderMatcher() {
    return new HasClassNamed(REALM);
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Collections.singletonList(
        TypeInstrumentation.subtypesOf(
            Arrays.asList(REALM, AUTHENTICATOR),
            new AdviceBinding(
                named("authenticate")
                    .and(not(isAbstract()))
                    .and(takesArguments(2))
                    .and(takesArgument(0, String.class))
                    .and(takesArgument(1, String.class))
                    .and(returns(named("java.security.Principal"))),
                RealmAdvice.class.getName()),
            new AdviceBinding(
                named("invoke")
                    .and(not(isAbstract()))
                    .and(takesArguments(2))
                    .and(takesArgument(0, named("org.apache.catalina.connector.Request")))
                    .and(takesArgument(1, named("org.apache.catalina.connector.Response"))),
                AuthenticatorAdvice.class.getName())));
  }
}
