package dev.vigil.instrumentation.tomcat;

import dev.vigil.instrumentation.AdviceArgument;
import dev.vigil.instrumentation.AdviceBinding;
import dev.vigil.instrumentation.InstrumentationModule;
import dev.vigil.instrumentation.MethodMatcher;
import dev.vigil.instrumentation.TypeInstrumentation;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

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
  public List<TypeInstrumentation> typeInstrumentations() {
    return Collections.singletonList(
        TypeInstrumentation.subtypesOf(
            Arrays.asList(REALM, AUTHENTICATOR),
            new AdviceBinding(
                    MethodMatcher.named("authenticate").takingArguments(2).withArgument(0, "java.lang.String")
                        .withArgument(1, "java.lang.String").returningReference(),
                    RealmAdvice.class.getName())
                .enterWith(AdviceArgument.argument(0))
                .skipping(),
            new AdviceBinding(
                    MethodMatcher.named("invoke").takingArguments(2).withArgument(0, "org.apache.catalina.connector.Request")
                        .withArgument(1, "org.apache.catalina.connector.Response"),
                    AuthenticatorAdvice.class.getName())
                .enterWith(AdviceArgument.argument(0))));
  }
}
