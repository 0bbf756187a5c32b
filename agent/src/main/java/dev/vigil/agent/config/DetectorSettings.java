package dev.vigil.agent.config;

/**
 * The policy's {@code detectors:} section: thresholds and actions of the built-in behavioural
 * detectors. Account takeover follow-through only reports ({@code monitor}) or is {@code off}: the
 * password was right, so there is nothing to refuse.
 */
public final class DetectorSettings {
  public static final DetectorSettings DEFAULTS =
      new DetectorSettings(ScanLimits.DEFAULTS, EnumerationLimits.DEFAULTS, DetectorAction.MONITOR, UnderAttackLimits.DEFAULTS);

  public final ScanLimits scan;
  public final EnumerationLimits enumeration;
  public final DetectorAction accountTakeover;
  public final UnderAttackLimits underAttack;

  public DetectorSettings(ScanLimits scan, EnumerationLimits enumeration, DetectorAction accountTakeover) {
    this(scan, enumeration, accountTakeover, UnderAttackLimits.DEFAULTS);
  }

  public DetectorSettings(ScanLimits scan, EnumerationLimits enumeration, DetectorAction accountTakeover, UnderAttackLimits underAttack) {
    this.scan = scan;
    this.enumeration = enumeration;
    this.accountTakeover = accountTakeover;
    this.underAttack = underAttack;
  }

  /** For the startup line: {@code scan, enumeration, under-attack, account-takeover (monitor)}; those that are off are left out. */
  public String describe() {
    StringBuilder text = new StringBuilder();
    append(text, "scan", scan.action, DetectorAction.THROTTLE);
    append(text, "enumeration", enumeration.action, DetectorAction.THROTTLE);
    append(text, "under-attack", underAttack.action, DetectorAction.THROTTLE);
    append(text, "account-takeover", accountTakeover, DetectorAction.MONITOR);
    return text.length() == 0 ? "none" : text.toString();
  }

  /** The action is shown where it is not the detector's usual one. */
  private static void append(StringBuilder text, String name, DetectorAction action, DetectorAction usual) {
    if (action == DetectorAction.OFF) {
      return;
    }
    text.append(text.length() == 0 ? "" : ", ").append(name);
    if (action != usual || action == DetectorAction.MONITOR) {
      text.append(" (").append(action.yamlName()).append(')');
    }
  }
}
