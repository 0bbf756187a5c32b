package dev.vigil.agent.config;

import dev.vigil.bootstrap.AgentLog;
import java.nio.file.InvalidPathException;
import java.nio.file.Paths;
import java.util.Properties;

/**
 * System properties that win over the policy file, so a deployment (or a test) can switch to
 * monitor mode or redirect the audit trail without editing YAML: {@code vigil.mode} and
 * {@code vigil.audit.file}.
 */
public final class PolicyOverrides {
  public static final String MODE = "vigil.mode";
  public static final String AUDIT_FILE = "vigil.audit.file";

  private PolicyOverrides() {}

  /** Applies the overrides; a bad value is an error, reported like a policy error. */
  public static Policy apply(Policy policy, Properties properties) throws InvalidPolicyException {
    return withAuditFile(withMode(policy, properties), properties);
  }

  /** For the built-in defaults, which must always load: a bad override is ignored with a warning. */
  static Policy applyOrWarn(Policy policy, Properties properties) {
    Policy result = policy;
    try {
      result = withMode(result, properties);
    } catch (InvalidPolicyException e) {
      AgentLog.warn(e.getMessage() + "; ignored");
    }
    try {
      result = withAuditFile(result, properties);
    } catch (InvalidPolicyException e) {
      AgentLog.warn(e.getMessage() + "; ignored");
    }
    return result;
  }

  private static Policy withMode(Policy policy, Properties properties) throws InvalidPolicyException {
    String mode = properties.getProperty(MODE);
    if (mode == null || mode.trim().isEmpty()) {
      return policy;
    }
    try {
      return policy.withMode(Mode.parse(mode));
    } catch (IllegalArgumentException e) {
      throw InvalidPolicyException.forSetting(MODE, mode, e.getMessage());
    }
  }

  private static Policy withAuditFile(Policy policy, Properties properties) throws InvalidPolicyException {
    String audit = properties.getProperty(AUDIT_FILE);
    if (audit == null || audit.trim().isEmpty()) {
      return policy;
    }
    try {
      return policy.withAuditFile(Paths.get(audit.trim()).toAbsolutePath());
    } catch (InvalidPathException e) {
      throw InvalidPolicyException.forSetting(AUDIT_FILE, audit, "not a valid path");
    }
  }
}
