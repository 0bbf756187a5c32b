package dev.vigil.benchmarks.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RequestScheduleTest {
  @Test
  void requestsAreEvenlySpacedOverAllConnectionsAndDealtRoundRobin() {
    RequestSchedule s = new RequestSchedule(1_000, 4_000, 4); // 250 us apart
    assertEquals(1_000, s.intendedNanos(0, 0));
    assertEquals(1_000 + 250_000, s.intendedNanos(1, 0));
    assertEquals(1_000 + 3 * 250_000, s.intendedNanos(3, 0));
    // each connection sends every connections / rate = 1 ms
    assertEquals(1_000 + 1_000_000, s.intendedNanos(0, 1));
    assertEquals(1_000 + 1_000_000 + 250_000, s.intendedNanos(1, 1));
    assertEquals(9, s.requestNumber(1, 2));
  }

  @Test
  void theScheduleNeverDriftsEvenWhenTheIntervalIsNotAWholeNumberOfNanoseconds() {
    RequestSchedule s = new RequestSchedule(0, 3, 1); // 333,333,333.3 ns apart
    assertEquals(333_333_333, s.intendedNanos(1));
    assertEquals(666_666_666, s.intendedNanos(2));
    assertEquals(1_000_000_000, s.intendedNanos(3));
    assertEquals(3_600L * 1_000_000_000, s.intendedNanos(3 * 3_600));
    RequestSchedule fast = new RequestSchedule(0, 70_000, 16);
    assertEquals(60L * 1_000_000_000, fast.intendedNanos(60 * 70_000));
    for (long n = 1; n < 10_000; n++) {
      long gap = fast.intendedNanos(n) - fast.intendedNanos(n - 1);
      assertTrue(gap == 14_285 || gap == 14_286, "gap " + gap);
    }
  }

  @Test
  void requestsBeforeCountsThoseDueStrictlyBeforeTheOffset() {
    RequestSchedule s = new RequestSchedule(500, 3, 2);
    assertEquals(0, s.requestsBefore(0));
    assertEquals(1, s.requestsBefore(1));
    assertEquals(1, s.requestsBefore(333_333_333)); // request 1 is due at 333,333,333: not before
    assertEquals(2, s.requestsBefore(333_333_334));
    assertEquals(3, s.requestsBefore(1_000_000_000));
    assertEquals(60, s.requestsBefore(20_000_000_000L)); // 20 s at 3/s
    RequestSchedule r = new RequestSchedule(0, 70_001, 16);
    for (long offset : new long[] {1, 999, 14_285, 14_286, 5_000_000_000L, 25_000_000_007L}) {
      long n = r.requestsBefore(offset);
      assertTrue(r.intendedNanos(n) >= offset, "request " + n + " is due before " + offset);
      assertTrue(n == 0 || r.intendedNanos(n - 1) < offset, "request " + (n - 1) + " is due at or after " + offset);
    }
  }
}
