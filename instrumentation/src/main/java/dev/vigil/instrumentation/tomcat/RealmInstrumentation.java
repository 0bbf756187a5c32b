package dev.vigil.instrumentation.tomcat;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.vigil.instrumentation.AdviceBinding;
import dev.vigil.instrumentation.HasClassNamed;
import dev.vigil.instrumentation.InstrumentationModule;
import java.util.Arrays;
import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Tomcat's password check, {@code Realm.authenticate(String, String)} (BASIC, FORM and
 * {@code HttpServletRequest.login}), and the authenticator valve around it, which tells the realm
 * hook who is calling: the valve runs before any filter or servlet, so before the request entry.
 */
public final class RealmInstrumentation implements InstrumentationModule {
  private static final String REALM = "org.apache.catalina.Realm";
  private static final String AUTHENTICATOR = "org.apache.catalina.authenticator.AuthenticatorBase";

  @Override
  public String name() {
    return "tomcat-realm";
  }

  @Override
  public ElementMatcher<ClassLoader> classLoaderMatcher() {
    return new HasClassNamed(REALM);
  }

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return not(isInterface()).and(hasSuperType(named(REALM)).or(hasSuperType(named(AUTHENTICATOR))));
  }

  @Override
  public List<AdviceBinding> adviceBindings() {
    return Arrays.asList(
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
            AuthenticatorAdvice.class.getName()));
  }

  @Override
  public String jdkModule() {
    return null;
  }
}
