package dev.vigil.bootstrap;

/** The engine as advice sees it. Implemented inside the isolated agent class loader. */
public interface RequestGate {
  /** Decides what to do with one request; must be fast and must not block on I/O. */
  Decision onRequest(RequestFacts facts);

  /** Called when advice wanted to block but the response was already committed. */
  void onBlockFailed(RequestFacts facts, Decision decision);

  /**
   * Called when the outermost entry of an allowed request returns, with the status the app set
   * and its {@code Location} header (null if none): how a login route's outcome is read.
   */
  void onResponse(RequestFacts facts, int status, String location);
}
