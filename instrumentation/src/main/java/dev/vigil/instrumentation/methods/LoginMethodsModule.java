package dev.vigil.instrumentation.methods;

import static dev.vigil.instrumentation.HasSuperTypeNamed.hasSuperTypeNamed;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isBridge;
import static net.bytebuddy.matcher.ElementMatchers.isDeclaredBy;
import static net.bytebuddy.matcher.ElementMatchers.isPrimitive;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.none;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;

import dev.vigil.instrumentation.AdviceBinding;
import dev.vigil.instrumentation.HasClassNamed;
import dev.vigil.instrumentation.InstrumentationModule;
import dev.vigil.instrumentation.TypeInstrumentation;
import java.util.Collections;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Application methods named in the policy as logins ({@code login.methods}): each configured type
 * and every class that extends or implements it, the named method in each, overloads that take
 * enough arguments and return what the outcome is read from. All share {@link LoginMethodAdvice}.
 * Built by the agent from the policy, so it is not listed for the service loader.
 */
public final class LoginMethodsModule implements InstrumentationModule {
  public static final String NAME = "login-methods";
  private final List<LoginMethodTarget> targets;

  public LoginMethodsModule(List<LoginMethodTarget> targets) {
    this.targets = new ArrayList<LoginMethodTarget>(targets);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public ElementMatcher<ClassLoader> classLoaderMatcher() {
    ElementMatcher.Junction<ClassLoader> loaders = none();
    for (LoginMethodTarget target : targets) {
      loaders = loaders.or(new HasClassNamed(target.typeName()));
    }
    return loaders;
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Collections.singletonList(TypeInstrumentation.subtypesOf(typeNames(), adviceBindings()));
  }

  ElementMatcher<TypeDescription> typeMatcher() {
    return typeInstrumentations().get(0).typeMatcher();
  }

  private List<String> typeNames() {
    List<String> typeNames = new ArrayList<String>();
    for (LoginMethodTarget target : targets) {
      typeNames.add(target.typeName());
    }
    return typeNames;
  }

  List<AdviceBinding> adviceBindings() {
    List<AdviceBinding> bindings = new ArrayList<AdviceBinding>();
    for (LoginMethodTarget target : targets) {
      ElementMatcher.Junction<MethodDescription> methods =
          named(target.methodName())
              .and(not(isAbstract()))
              .and(not(isBridge()))
              .and(isDeclaredBy(isOrExtends(target.typeName())))
              .and(new TakesAtLeast(target.minArguments()))
              .and(returnShape(target.returns()));
      bindings.add(new AdviceBinding(methods, LoginMethodAdvice.class.getName()));
    }
    return bindings;
  }

  private static ElementMatcher.Junction<TypeDescription> isOrExtends(String typeName) {
    return hasSuperTypeNamed(typeName);
  }

  private static ElementMatcher.Junction<MethodDescription> returnShape(LoginMethodTarget.Returns shape) {
    switch (shape) {
      case BOOLEAN:
        return returns(boolean.class).or(returns(Boolean.class));
      case REFERENCE:
        return returns(not(isPrimitive()));
      default:
        return new TakesAtLeast(0);
    }
  }

  /** Overloads with too few arguments cannot hold the configured username argument. */
  private static final class TakesAtLeast extends ElementMatcher.Junction.AbstractBase<MethodDescription> {
    private final int count;

    TakesAtLeast(int count) {
      this.count = count;
    }

    @Override
    public boolean matches(MethodDescription method) {
      return method.getParameters().size() >= count;
    }
  }
}
