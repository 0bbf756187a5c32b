package dev.vigil.instrumentation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MethodMatcherTest {
  private static final int PUBLIC = 0x0001;
  private static final int BRIDGE = 0x0040;
  private static final int ABSTRACT = 0x0400;
  private static final String[] AUTHENTICATION = {"org.springframework.security.core.Authentication"};

  private final MethodMatcher authenticate =
      MethodMatcher.named("authenticate").takingArguments(1).withArgument(0, AUTHENTICATION[0]).returningReference();

  @Test
  void anOverrideThatNarrowsItsReturnTypeIsAdvisedAndItsBridgeNever() {
    assertThat(authenticate.matches(PUBLIC, "authenticate", AUTHENTICATION, "com.example.MyToken")).isTrue();
    assertThat(authenticate.matches(PUBLIC | BRIDGE, "authenticate", AUTHENTICATION, AUTHENTICATION[0])).isFalse();
  }

  @Test
  void onlyMethodsWithCodeAndTheRightShape() {
    assertThat(authenticate.matches(PUBLIC | ABSTRACT, "authenticate", AUTHENTICATION, AUTHENTICATION[0])).isFalse();
    assertThat(authenticate.matches(PUBLIC, "authenticate", AUTHENTICATION, "void")).as("returns nothing to read").isFalse();
    assertThat(authenticate.matches(PUBLIC, "authenticate", new String[] {"java.lang.String"}, AUTHENTICATION[0])).isFalse();
    assertThat(MethodMatcher.named("<init>").matches(PUBLIC, "<init>", new String[0], "void")).as("never a constructor").isFalse();
    assertThat(MethodMatcher.named("signIn").takingAtLeast(2).returningOneOf("boolean", "java.lang.Boolean")
        .matches(0, "signIn", new String[] {"java.lang.String", "java.lang.String"}, "java.lang.Boolean")).isTrue();
    assertThat(MethodMatcher.named("service").publicOnly().matches(0, "service", new String[0], "void")).as("not public").isFalse();
  }
}
