package dev.vigil.agent.control;

import dev.vigil.agent.AgentVersion;
import dev.vigil.agent.caller.CallerKeys;
import dev.vigil.agent.config.DurationText;
import dev.vigil.agent.config.KeyType;
import dev.vigil.agent.config.Mode;
import dev.vigil.agent.detect.CallerFilter;
import dev.vigil.agent.engine.Engine;
import dev.vigil.agent.engine.OperatorLists;
import dev.vigil.agent.engine.TopCallers;
import dev.vigil.agent.event.CountsSnapshot;
import dev.vigil.agent.net.Cidr;
import dev.vigil.agent.net.IpAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The MBean over the running agent: reads at call time, acts through {@link VigilRuntime}. */
public final class VigilControl implements VigilControlMXBean {
  private static final int TOP = 10;

  private final VigilRuntime runtime;

  public VigilControl(VigilRuntime runtime) {
    this.runtime = runtime;
  }

  private CountsSnapshot counts() {
    return runtime.engine().summary();
  }

  @Override
  public String getAgentVersion() {
    return AgentVersion.get();
  }

  @Override
  public String getMode() {
    return runtime.engine().mode().yamlName();
  }

  @Override
  public String getPolicySource() {
    return runtime.source();
  }

  @Override
  public int getPolicyVersion() {
    return runtime.version();
  }

  @Override
  public String getPolicyFingerprint() {
    return runtime.fingerprint();
  }

  @Override
  public String getLastReload() {
    return runtime.lastReload();
  }

  @Override
  public long getRequestsSeen() {
    return counts().requests();
  }

  @Override
  public long getRequestsThrottled() {
    return counts().throttled();
  }

  @Override
  public long getRequestsBlocked() {
    return counts().blocked();
  }

  @Override
  public long getRequestsMonitored() {
    return counts().monitored();
  }

  @Override
  public long getTrackedCallers() {
    return runtime.engine().trackedCallers();
  }

  @Override
  public long getActiveLockouts() {
    return counts().activeLockouts();
  }

  @Override
  public List<CallerRow> getBusiestCallers() {
    return rows(runtime.engine().topCallers().busiest(TOP));
  }

  @Override
  public List<CallerRow> getMostRefusedCallers() {
    return rows(runtime.engine().topCallers().mostRefused(TOP));
  }

  private static List<CallerRow> rows(List<TopCallers.Row> top) {
    List<CallerRow> rows = new ArrayList<>();
    for (TopCallers.Row row : top) {
      rows.add(new CallerRow(row));
    }
    return rows;
  }

  @Override
  public List<String> getOperatorLists() {
    Engine engine = runtime.engine();
    long now = engine.operatorLists().now();
    List<String> lines = new ArrayList<>();
    for (OperatorLists.Entry entry : engine.operatorLists().active()) {
      lines.add((entry.ban ? "ban " : "allow ") + entry.network + " (" + entry.secondsLeft(now) + " s left)");
    }
    return lines;
  }

  @Override
  public String unlockUser(String username) {
    if (username == null || username.isEmpty() || username.length() > 256) {
      throw new IllegalArgumentException("a username of 1 to 256 characters, please");
    }
    return runtime.unlock(CallerFilter.user(username), "user:" + username);
  }

  @Override
  public String unlockAddress(String address) {
    IpAddress parsed = address == null ? null : IpAddress.parse(address.trim());
    if (parsed == null) {
      throw new IllegalArgumentException("not an IP address: " + shown(address) + " (for a network, use unlockNetwork)");
    }
    return runtime.unlock(CallerFilter.network(Cidr.parse(parsed.toString())), CallerKeys.display(KeyType.IP, parsed.toString()));
  }

  @Override
  public String unlockNetwork(String network) {
    Cidr cidr = network(network);
    return runtime.unlock(CallerFilter.network(cidr), "network:" + cidr);
  }

  @Override
  public String ban(String network, String duration) {
    return runtime.ban(network(network), duration(duration));
  }

  @Override
  public String allow(String network, String duration) {
    return runtime.allow(network(network), duration(duration));
  }

  @Override
  public String lift(String network) {
    return runtime.lift(network(network));
  }

  @Override
  public String switchMode(String mode) {
    try {
      return runtime.switchMode(Mode.parse(mode));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("mode " + shown(mode) + ": " + e.getMessage());
    }
  }

  @Override
  public String reload() {
    return runtime.reload("jmx");
  }

  private static Duration duration(String text) {
    try {
      return DurationText.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("duration " + shown(text) + ": " + e.getMessage());
    }
  }

  private static Cidr network(String text) {
    try {
      return Cidr.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(shown(text) + ": " + e.getMessage());
    }
  }

  /** An argument echoed in an error, cut and stripped of control characters: it is an operator's typing, but a line stays a line. */
  private static String shown(String text) {
    if (text == null) {
      return "nothing";
    }
    String cut = text.length() > 64 ? text.substring(0, 64) + "..." : text;
    return "'" + cut.replaceAll("\\p{Cntrl}", "?") + "'";
  }
}
