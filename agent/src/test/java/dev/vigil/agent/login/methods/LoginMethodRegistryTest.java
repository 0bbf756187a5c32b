package dev.vigil.agent.login.methods;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.bootstrap.AgentLog;
import dev.vigil.bootstrap.LoginMethod;
import dev.vigil.bootstrap.LoginResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the advice gets from the registry: the method a call is in, its username, its outcome, a locked failure. */
class LoginMethodRegistryTest {
  public interface Authenticator {
    String authenticate(Credentials credentials) throws BadPassword, NoSuchUser;
  }

  public static class AccountService implements Authenticator {
    public boolean signIn(String username, String password) {
      return true;
    }

    @Override
    public String authenticate(Credentials credentials) {
      return credentials.getUsername();
    }
  }

  public static class AuditedAccountService extends AccountService {}

  public static final class Credentials {
    private final String username;
    private final Account account;

    public Credentials(String username) {
      this.username = username;
      this.account = new Account(username);
    }

    public String getUsername() {
      return username;
    }

    Account account() {
      return account;
    }
  }

  /** Not public, with a private field and no getter: read as a field. */
  static final class Account {
    private final char[] login;

    Account(String login) {
      this.login = login == null ? null : login.toCharArray();
    }
  }

  public static class BadPassword extends Exception {
    public BadPassword(String message) {
      super(message);
    }
  }

  public static class ExpiredPassword extends BadPassword {
    public ExpiredPassword() {
      super("expired");
    }
  }

  public static class NoSuchUser extends Exception {
    public NoSuchUser() {
      super("no such user");
    }
  }

  /** Only a constructor the registry cannot call. */
  public static class Unbuildable extends Exception {
    public Unbuildable(int code, String message) {
      super(message);
    }
  }

  private static LoginMethodSpec spec(Class<?> type, String method, String username, SuccessRule success, List<String> failures, List<String> unknown) {
    return new LoginMethodSpec(type.getName(), method, UsernamePath.parse(username), success, failures, unknown);
  }

  private static final LoginMethodRegistry REGISTRY =
      new LoginMethodRegistry(
          List.of(
              spec(AccountService.class, "signIn", "arg0", SuccessRule.RETURNS_TRUE, List.of(), List.of()),
              spec(Authenticator.class, "authenticate", "arg0.username", SuccessRule.NO_EXCEPTION,
                  List.of(BadPassword.class.getName()), List.of(NoSuchUser.class.getName()))));

  @AfterEach
  void restoreLog() {
    AgentLog.redirect(null);
  }

  @Test
  void findsTheConfiguredClassItsSubclassesAndImplementationsOfAConfiguredInterface() {
    assertThat(REGISTRY.find(AccountService.class, "signIn").name()).isEqualTo(AccountService.class.getName() + ".signIn");
    assertThat(REGISTRY.find(AuditedAccountService.class, "signIn")).as("subclass").isSameAs(REGISTRY.find(AccountService.class, "signIn"));
    assertThat(REGISTRY.find(AccountService.class, "authenticate").name()).as("via the interface").endsWith("Authenticator.authenticate");
    assertThat(REGISTRY.find(AuditedAccountService.class, "authenticate")).isNotNull();
    assertThat(REGISTRY.find(AccountService.class, "signOut")).isNull();
    assertThat(REGISTRY.find(String.class, "signIn")).isNull();
  }

  @Test
  void readsTheUsernameFromAnArgumentOrAGetterChain() {
    LoginMethod signIn = REGISTRY.find(AccountService.class, "signIn");
    assertThat(signIn.username(new Object[] {"alice", "secret"})).isEqualTo("alice");
    assertThat(signIn.username(new Object[] {null, "secret"})).isNull();
    assertThat(signIn.username(new Object[0])).as("an overload without the argument").isNull();
    LoginMethod authenticate = REGISTRY.find(AccountService.class, "authenticate");
    assertThat(authenticate.username(new Object[] {new Credentials("bob")})).as("username -> getUsername()").isEqualTo("bob");
    assertThat(UsernamePath.parse("arg0.getUsername").read(new Object[] {new Credentials("carol")}, "m")).isEqualTo("carol");
    assertThat(UsernamePath.parse("arg1.account.login").read(new Object[] {"x", new Credentials("dave")}, "m"))
        .as("a package-private method, then a private char[] field").isEqualTo("dave");
  }

  @Test
  void aUsernameThatCannotBeReadIsNullAndLoggedOnce() {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    AgentLog.redirect(new PrintStream(log, true, StandardCharsets.UTF_8));
    UsernamePath path = UsernamePath.parse("arg0.nickname");
    for (int i = 0; i < 3; i++) {
      assertThat(path.read(new Object[] {new Credentials("erin")}, "AccountService.signIn")).isNull();
    }
    assertThat(log.toString(StandardCharsets.UTF_8).lines())
        .singleElement().asString().contains("cannot read the username (arg0.nickname) of AccountService.signIn");
  }

  @Test
  void theOutcomeComesFromTheReturnValueOrTheException() {
    LoginMethod signIn = REGISTRY.find(AccountService.class, "signIn");
    assertThat(signIn.result(Boolean.TRUE, null)).isEqualTo(LoginResult.SUCCESS);
    assertThat(signIn.result(Boolean.FALSE, null)).isEqualTo(LoginResult.FAILURE);
    assertThat(signIn.result(null, new IllegalStateException("database down"))).isEqualTo(LoginResult.NOT_COUNTED);
    LoginMethod authenticate = REGISTRY.find(AccountService.class, "authenticate");
    assertThat(authenticate.result("alice", null)).isEqualTo(LoginResult.SUCCESS);
    assertThat(authenticate.result(null, null)).as("no exception, even a null return").isEqualTo(LoginResult.SUCCESS);
    assertThat(authenticate.result(null, new ExpiredPassword())).as("a subclass of a failure exception").isEqualTo(LoginResult.FAILURE);
    assertThat(authenticate.result(null, new NoSuchUser())).isEqualTo(LoginResult.UNKNOWN_USER);
    assertThat(authenticate.result(null, new RuntimeException())).isEqualTo(LoginResult.NOT_COUNTED);

    LoginMethod nonNull = new ConfiguredLoginMethod(spec(AccountService.class, "find", "arg0", SuccessRule.RETURNS_NON_NULL, List.of(), List.of()));
    assertThat(nonNull.result("alice", null)).isEqualTo(LoginResult.SUCCESS);
    assertThat(nonNull.result(null, null)).isEqualTo(LoginResult.FAILURE);
  }

  @Test
  void aLockedAttemptFailsTheApplicationsOwnWay() {
    assertThat(REGISTRY.find(AccountService.class, "signIn").failsByException()).isFalse();
    assertThat(REGISTRY.find(AccountService.class, "signIn").lockedReturn()).isEqualTo(Boolean.FALSE);
    LoginMethod authenticate = REGISTRY.find(AccountService.class, "authenticate");
    assertThat(authenticate.failsByException()).isTrue();
    assertThat(authenticate.lockedFailure(AccountService.class))
        .as("the message constructor").isExactlyInstanceOf(BadPassword.class).hasMessage(ConfiguredLoginMethod.LOCKED_MESSAGE);
    LoginMethod noArg = new ConfiguredLoginMethod(spec(AccountService.class, "x", "arg0", SuccessRule.NO_EXCEPTION, List.of(NoSuchUser.class.getName()), List.of()));
    assertThat(noArg.lockedFailure(AccountService.class)).as("the no-argument constructor").isExactlyInstanceOf(NoSuchUser.class);
  }

  @Test
  void aFailureExceptionThatCannotBeBuiltIsNullAndLoggedOnce() {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    AgentLog.redirect(new PrintStream(log, true, StandardCharsets.UTF_8));
    LoginMethod unbuildable = new ConfiguredLoginMethod(spec(AccountService.class, "y", "arg0", SuccessRule.NO_EXCEPTION, List.of(Unbuildable.class.getName()), List.of()));
    LoginMethod missing = new ConfiguredLoginMethod(spec(AccountService.class, "z", "arg0", SuccessRule.NO_EXCEPTION, List.of("com.example.NoSuchException"), List.of()));
    for (int i = 0; i < 3; i++) {
      assertThat(unbuildable.lockedFailure(AccountService.class)).isNull();
      assertThat(missing.lockedFailure(AccountService.class)).isNull();
    }
    assertThat(log.toString(StandardCharsets.UTF_8).lines()).hasSize(2)
        .anySatisfy(line -> assertThat(line).contains("cannot create " + Unbuildable.class.getName(), "such attempts are let through"))
        .anySatisfy(line -> assertThat(line).contains("com.example.NoSuchException"));
  }
}
