package dev.vigil.agent.instrument;

import java.lang.ref.WeakReference;

/** Whether what the reference points to is garbage-collected within a second or so of asking. */
final class Collected {
  private Collected() {}

  static boolean eventually(WeakReference<?> reference) throws InterruptedException {
    for (int i = 0; i < 50 && reference.get() != null; i++) {
      System.gc();
      Thread.sleep(20);
    }
    return reference.get() == null;
  }
}
