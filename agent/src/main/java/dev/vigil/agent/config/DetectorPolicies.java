package dev.vigil.agent.config;

import java.time.Duration;

/** The {@code detectors:} section, merged field by field over the defaults. */
final class DetectorPolicies {
  private DetectorPolicies() {}

  static DetectorSettings toSettings(PolicyDocument.Detectors section) {
    DetectorSettings d = DetectorSettings.DEFAULTS;
    if (section == null) {
      return d;
    }
    ScanLimits scan = d.scan;
    PolicyDocument.Scan s = section.scan;
    if (s != null) {
      scan =
          new ScanLimits(
              s.action == null ? scan.action : s.action,
              s.duration == null ? scan.duration : s.duration,
              s.distinctNotFound == null ? scan.distinctNotFound : s.distinctNotFound,
              s.probes == null ? scan.probes : s.probes,
              s.window == null ? scan.window : s.window,
              s.longDistinctNotFound == null ? scan.longDistinctNotFound : s.longDistinctNotFound,
              s.longWindow == null ? scan.longWindow : s.longWindow);
    }
    EnumerationLimits enumeration = d.enumeration;
    PolicyDocument.Enumeration e = section.enumeration;
    if (e != null) {
      enumeration =
          new EnumerationLimits(
              e.action == null ? enumeration.action : e.action,
              e.duration == null ? enumeration.duration : e.duration,
              e.distinctObjects == null ? enumeration.distinct : e.distinctObjects,
              e.window == null ? enumeration.window : e.window,
              e.longDistinctObjects == null ? enumeration.longDistinct : e.longDistinctObjects,
              e.longWindow == null ? enumeration.longWindow : e.longWindow,
              e.walk == null ? enumeration.walk : e.walk,
              e.notFound == null ? enumeration.notFound : e.notFound,
              e.addressDistinctObjects == null ? enumeration.addressDistinct : e.addressDistinctObjects,
              e.megabytesPerWindow == null ? enumeration.megabytes : e.megabytesPerWindow);
    }
    DetectorAction ato = section.accountTakeover == null || section.accountTakeover.action == null ? d.accountTakeover : section.accountTakeover.action;
    UnderAttackLimits underAttack = d.underAttack;
    PolicyDocument.UnderAttack u = section.underAttack;
    if (u != null) {
      Duration interval = u.interval == null ? Duration.ofNanos(underAttack.intervalNanos) : u.interval;
      Duration warmUp = u.warmUp == null ? interval.multipliedBy(underAttack.warmUpIntervals) : u.warmUp;
      underAttack = underAttack.with(u.action == null ? underAttack.action : u.action, interval, (int) Math.max(1, warmUp.toNanos() / interval.toNanos()));
    }
    return new DetectorSettings(scan, enumeration, ato, underAttack);
  }
}
