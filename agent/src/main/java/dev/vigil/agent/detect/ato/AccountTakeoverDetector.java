package dev.vigil.agent.detect.ato;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.vigil.agent.config.KeyType;
import dev.vigil.agent.detect.CallerFilter;
import dev.vigil.agent.detect.Detector;
import dev.vigil.agent.detect.LoginReport;
import dev.vigil.agent.detect.sketch.SeededHash;
import dev.vigil.agent.engine.DecisionRecorder;
import dev.vigil.agent.event.EventBuilder;
import dev.vigil.agent.event.VigilEvent;
import dev.vigil.agent.limit.SizeEvictions;
import dev.vigil.agent.limit.TableSegments;
import dev.vigil.agent.login.LoginOutcome;
import dev.vigil.agent.net.IpAddress;
import dev.vigil.bootstrap.Decision;
import dev.vigil.bootstrap.RequestContext;
import java.time.Duration;

/**
 * Account takeover follow-through: a login that succeeds the way a guessed or stuffed one does is
 * reported as {@code vigil.ato.suspect}, for a person to look at the account (it is not refused: the
 * password was right, and the lockouts already slowed what came before). Three signals, each within
 * 15 minutes before the success: the account had 5 or more failed logins from anywhere
 * ({@code success-after-failures}); the source address had failures for 5 or more distinct usernames,
 * four in five of its attempts failing ({@code success-from-stuffing-source}); its /16 or IPv6 /48
 * had them for 20 or more, nine in ten failing ({@code success-from-stuffing-network}). The ratios
 * keep an office or a carrier whose people mistype now and then from ever looking like a stuffer.
 * Usernames are kept as keyed 64-bit hashes, never as typed.
 */
public final class AccountTakeoverDetector implements Detector {
  public static final String RULE = "account-takeover";
  static final String AFTER_FAILURES = "success-after-failures";
  static final String FROM_STUFFING_SOURCE = "success-from-stuffing-source";
  static final String FROM_STUFFING_NETWORK = "success-from-stuffing-network";
  private static final long WINDOW = Duration.ofMinutes(15).toNanos();
  private static final int ACCOUNT_FAILURES = 5;
  private static final int SOURCE_USERNAMES = 5;
  private static final int NETWORK_USERNAMES = 20;
  private static final double SOURCE_FAILURE_RATIO = 0.8;
  private static final double NETWORK_FAILURE_RATIO = 0.9;

  private final Ticker ticker;
  private final DecisionRecorder decisions;
  private final SeededHash usernames = new SeededHash();
  private final Cache<Long, FailureTally> accounts;
  private final Cache<String, FailureTally> sources;
  private final Cache<String, FailureTally> networks;

  public AccountTakeoverDetector(int maxKeys, Ticker ticker, DecisionRecorder decisions) {
    this.ticker = ticker;
    this.decisions = decisions;
    this.accounts = TableSegments.bounded(maxKeys, WINDOW, ticker, SizeEvictions.counted());
    this.sources = TableSegments.bounded(maxKeys, WINDOW, ticker, SizeEvictions.counted());
    this.networks = TableSegments.bounded(Math.max(1, maxKeys / 10), WINDOW, ticker, SizeEvictions.counted());
  }

  @Override
  public Decision onRequest(RequestContext request) {
    return null;
  }

  @Override
  public void onLoginOutcome(LoginReport report) {
    if (report.username == null) {
      return;
    }
    long now = ticker.read();
    long account = usernames.of(report.username);
    IpAddress address = report.client == null ? null : IpAddress.parse(report.client);
    String network = address == null ? null : address.network();
    if (report.outcome != LoginOutcome.SUCCESS) {
      accounts.get(account, k -> new FailureTally(now)).fail(now, WINDOW, account);
      if (report.client != null) {
        sources.get(report.client, k -> new FailureTally(now)).fail(now, WINDOW, account);
      }
      if (network != null) {
        networks.get(network, k -> new FailureTally(now)).fail(now, WINDOW, account);
      }
      return;
    }
    FailureTally accountFailures = accounts.getIfPresent(account);
    int failures = accountFailures == null ? 0 : accountFailures.failures(now, WINDOW);
    if (accountFailures != null) {
      accountFailures.forget(); // reported once: the next report needs a burst of its own
    }
    // judged on what came before this success, which then counts toward the ratios
    FailureTally source = report.client == null ? null : sources.getIfPresent(report.client);
    int sourceUsernames = source == null || source.failureRatio(now, WINDOW) < SOURCE_FAILURE_RATIO ? 0 : source.distinctUsernames(now, WINDOW);
    FailureTally wide = network == null ? null : networks.getIfPresent(network);
    int networkUsernames = wide == null || wide.failureRatio(now, WINDOW) < NETWORK_FAILURE_RATIO ? 0 : wide.distinctUsernames(now, WINDOW);
    if (source != null) {
      source.succeed(now, WINDOW);
    }
    if (wide != null) {
      wide.succeed(now, WINDOW);
    }
    String signal;
    double value;
    String why;
    if (sourceUsernames >= SOURCE_USERNAMES) {
      signal = FROM_STUFFING_SOURCE;
      value = sourceUsernames;
      why = "a login succeeded from " + report.client + ", where " + sourceUsernames + " usernames failed in the last 15m (threshold " + SOURCE_USERNAMES + ")";
    } else if (networkUsernames >= NETWORK_USERNAMES) {
      signal = FROM_STUFFING_NETWORK;
      value = networkUsernames;
      why = "a login succeeded from " + network + ", where " + networkUsernames + " usernames failed in the last 15m (threshold " + NETWORK_USERNAMES + ")";
    } else if (failures >= ACCOUNT_FAILURES) {
      signal = AFTER_FAILURES;
      value = failures;
      why = "a login succeeded after " + failures + " failed logins on the account in the last 15m (threshold " + ACCOUNT_FAILURES + ")";
    } else {
      return;
    }
    EventBuilder event = VigilEvent.atoSuspect(RULE, signal, value, why + "; via " + report.via).username(report.username).via(report.via);
    if (report.client != null) {
      event.caller(KeyType.IP, report.client).client(report.client);
    }
    decisions.anomaly(report.request, event);
  }

  @Override
  public long trackedKeys() {
    return accounts.estimatedSize() + sources.estimatedSize() + networks.estimatedSize();
  }

  @Override
  public int forget(CallerFilter callers) {
    if (callers.username() != null) {
      long account = usernames.of(callers.username());
      return TableSegments.forget(accounts, key -> key == account);
    }
    return TableSegments.forget(sources, callers::holdsSource) + TableSegments.forget(networks, callers::holdsSource);
  }

}
