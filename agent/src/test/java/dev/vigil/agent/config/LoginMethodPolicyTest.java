package dev.vigil.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.agent.login.methods.LoginMethodSpec;
import dev.vigil.agent.login.methods.SuccessRule;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code login.methods}: application methods named as logins, and the one-line errors for bad entries. */
class LoginMethodPolicyTest {
  private static final Path FILE = Path.of("/etc/vigil.yaml");

  private static Policy parse(String... lines) throws InvalidPolicyException {
    return PolicyLoader.parse(FILE, String.join("\n", lines) + "\n");
  }

  /** The error for one {@code login.methods} entry written as {@code entryLines} (indented under "    - "). */
  private static String error(String... entryLines) {
    String[] yaml = new String[entryLines.length + 2];
    yaml[0] = "login:";
    yaml[1] = "  methods:";
    for (int i = 0; i < entryLines.length; i++) {
      yaml[i + 2] = (i == 0 ? "    - " : "      ") + entryLines[i];
    }
    return errorOf(yaml);
  }

  private static String errorOf(String... yaml) {
    try {
      Policy policy = parse(yaml);
      throw new AssertionError("expected an invalid policy, got " + policy.login().methods());
    } catch (InvalidPolicyException e) {
      assertThat(e.getMessage()).doesNotContain("\n").startsWith("invalid policy " + FILE + " line ");
      return e.getMessage();
    }
  }

  @Test
  void methodsByReturnValueAndByException() throws Exception {
    List<LoginMethodSpec> methods =
        parse(
                "login:",
                "  methods:",
                "    - class: com.example.AccountService",
                "      method: signIn",
                "      username: arg0",
                "      success: returns-true",
                "    - class: com.example.Outer$Authenticator",
                "      method: authenticate",
                "      username: arg1.getCredentials.username",
                "      success: no-exception",
                "      failureExceptions: [com.example.BadPasswordException]",
                "      unknownUserExceptions: [com.example.NoSuchUserException, com.example.DisabledUserException]")
            .login()
            .methods();
    assertThat(methods).hasSize(2);
    LoginMethodSpec signIn = methods.get(0);
    assertThat(signIn.displayName()).isEqualTo("com.example.AccountService.signIn");
    assertThat(signIn.username().argument()).isZero();
    assertThat(signIn.success()).isEqualTo(SuccessRule.RETURNS_TRUE);
    assertThat(signIn.failureExceptions()).isEmpty();
    LoginMethodSpec authenticate = methods.get(1);
    assertThat(authenticate.className()).isEqualTo("com.example.Outer$Authenticator");
    assertThat(authenticate.username()).hasToString("arg1.getCredentials.username");
    assertThat(authenticate.username().argument()).isEqualTo(1);
    assertThat(authenticate.success()).isEqualTo(SuccessRule.NO_EXCEPTION);
    assertThat(authenticate.failureExceptions()).containsExactly("com.example.BadPasswordException");
    assertThat(authenticate.unknownUserExceptions()).hasSize(2);
  }

  @Test
  void noMethodsByDefault() throws Exception {
    assertThat(parse("mode: enforce").login().methods()).isEmpty();
    assertThat(parse("login:", "  methods: []").login().methods()).isEmpty();
  }

  @Test
  void aMissingFieldIsNamedAtTheEntrysLine() {
    assertThat(error("method: signIn", "username: arg0", "success: returns-true"))
        .isEqualTo("invalid policy " + FILE + " line 3 column 7: login.methods[0].class: missing required field 'class' (e.g. class: com.example.AccountService)");
    assertThat(error("class: com.example.A", "username: arg0", "success: returns-true")).contains("login.methods[0].method: missing required field 'method'");
    assertThat(error("class: com.example.A", "method: signIn", "success: returns-true")).contains("login.methods[0].username: missing required field 'username'");
    assertThat(error("class: com.example.A", "method: signIn", "username: arg0")).contains("login.methods[0].success: missing required field 'success'");
  }

  @Test
  void badValuesAreNamedAtTheValue() {
    assertThat(error("class: com.example.Account Service", "method: signIn", "username: arg0", "success: returns-true"))
        .isEqualTo("invalid policy " + FILE + " line 3 column 14: login.methods[0].class: must be a fully qualified class name such as"
            + " com.example.AccountService (nested: com.example.Outer$Inner), got 'com.example.Account Service'");
    assertThat(error("class: com.example.A", "method: signIn(String)", "username: arg0", "success: returns-true"))
        .contains("line 4 column 15: login.methods[0].method: must be a method name such as signIn");
    assertThat(error("class: com.example.A", "method: signIn", "username: username", "success: returns-true"))
        .contains("line 5 column 17: login.methods[0].username: expected an argument such as arg0 or arg1");
    assertThat(error("class: com.example.A", "method: signIn", "username: arg0.get-name", "success: returns-true"))
        .contains("login.methods[0].username: 'get-name' is not a method or field name");
    assertThat(error("class: com.example.A", "method: signIn", "username: arg999", "success: returns-true"))
        .contains("login.methods[0].username: expected an argument");
    assertThat(error("class: com.example.A", "method: signIn", "username: arg0", "success: returns-ok"))
        .isEqualTo("invalid policy " + FILE + " line 6 column 16: login.methods[0].success: expected returns-true, returns-non-null or no-exception, got 'returns-ok'");
    assertThat(error("class: com.example.A", "method: signIn", "username: arg0", "success: no-exception", "failureExceptions: [not a class]"))
        .contains("login.methods[0].failureExceptions[0]: must be a fully qualified class name");
  }

  @Test
  void noExceptionNeedsTheExceptionAWrongPasswordThrows() {
    assertThat(error("class: com.example.A", "method: authenticate", "username: arg0", "success: no-exception"))
        .contains("line 3 column 7: login.methods[0].failureExceptions: success: no-exception needs failureExceptions");
    assertThat(error("class: com.example.A", "method: authenticate", "username: arg0", "success: no-exception", "failureExceptions: []"))
        .contains("login.methods[0].failureExceptions: must not be empty");
  }

  @Test
  void unknownFieldsAndDuplicatesAreErrors() {
    assertThat(error("class: com.example.A", "method: signIn", "username: arg0", "success: returns-true", "outcome: true"))
        .contains("login.methods[0].outcome: unknown field 'outcome'; expected one of: class, failureExceptions, method, success, unknownUserExceptions, username");
    String duplicate =
        errorOf(
            "login:",
            "  methods:",
            "    - { class: com.example.A, method: signIn, username: arg0, success: returns-true }",
            "    - { class: com.example.A, method: signIn, username: arg1, success: returns-true }");
    assertThat(duplicate).contains("line 4 column 7: login.methods[1].method: com.example.A.signIn is already named above");
  }
}
