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
}
