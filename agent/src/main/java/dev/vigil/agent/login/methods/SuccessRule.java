package dev.vigil.agent.login.methods;

import java.util.Locale;

/** How a configured login method says it worked ({@code success:} in the policy). */
public enum SuccessRule {
  /** It returns {@code true}; {@code false} is a failed login. Locked: returns false. */
  RETURNS_TRUE("returns-true"),
  /** It returns an object; {@code null} is a failed login. Locked: returns null. */
  RETURNS_NON_NULL("returns-non-null"),
  /** It returns normally; one of the failure exceptions is a failed login. Locked: throws the first. */
  NO_EXCEPTION("no-exception");

  private final String yamlName;

  SuccessRule(String yamlName) {
    this.yamlName = yamlName;
  }

  public String yamlName() {
    return yamlName;
  }

  public static SuccessRule parse(String text) {
    String wanted = text.trim().toLowerCase(Locale.ROOT);
    for (SuccessRule rule : values()) {
      if (rule.yamlName.equals(wanted)) {
        return rule;
      }
    }
    throw new IllegalArgumentException("expected returns-true, returns-non-null or no-exception");
  }
}
