package dev.vigil.benchmarks.e2e;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * One keep-alive connection on its own thread, sending its share of the {@link RequestSchedule}:
 * it waits for each request's intended send time, sends it, reads the whole response, and records
 * the latency from the INTENDED send time (not from when it could send), so a server that stalls
 * is charged for every request that should have gone out meanwhile: a late response makes the next
 * request go out late, and that lateness counts (no coordinated omission, as in wrk2). One request
 * in flight per connection, no pipelining.
 */
final class LoadConnection implements Runnable {
  private final int index;
  private final InetSocketAddress server;
  private final RequestSchedule schedule;
  private final long warmupRequests;
  private final long totalRequests;
  private final byte[][] requests;
  private final int socketTimeoutMillis;
  private final long hardDeadlineNanos;

  /** Latency from the intended send time, nanoseconds, of the measured (post-warm-up) requests. */
  final Histogram latency = LoadHistograms.newHistogram();
  /** Latency from the actual send, nanoseconds: what a coordinated-omission-prone tool would report. */
  final Histogram serviceTime = LoadHistograms.newHistogram();
  /** How late each request went out after its intended time: the tool's own wake-up lag plus any backlog. */
  final Histogram sendLag = LoadHistograms.newHistogram();
  long completed;
  /** Answered requests, warm-up included: what the server served while the tool ran. */
  long answered;
  long non2xx;
  long errors;
  long firstStatusNot2xx;
  String firstError;

  /**
   * @param requests the request bytes per client address; request number n sends requests[n mod length]
   * @param warmupRequests requests numbered below this are sent but not recorded
   * @param totalRequests requests numbered from this on are not sent
   * @param hardDeadlineNanos past it (a server that stalled) no more requests go out
   */
  LoadConnection(int index, InetSocketAddress server, RequestSchedule schedule, byte[][] requests,
      long warmupRequests, long totalRequests, int socketTimeoutMillis, long hardDeadlineNanos) {
    this.index = index;
    this.server = server;
    this.schedule = schedule;
    this.requests = requests;
    this.warmupRequests = warmupRequests;
    this.totalRequests = totalRequests;
    this.socketTimeoutMillis = socketTimeoutMillis;
    this.hardDeadlineNanos = hardDeadlineNanos;
  }

  @Override
  public void run() {
    Socket socket = null;
    HttpResponseReader reader = null;
    OutputStream out = null;
    for (long k = 0; ; k++) {
      long n = schedule.requestNumber(index, k);
      if (n >= totalRequests || System.nanoTime() - hardDeadlineNanos > 0) break; // the rest count as missing
      long intended = schedule.intendedNanos(n);
      waitUntil(intended);
      boolean measured = n >= warmupRequests;
      try {
        if (socket == null) {
          socket = connect();
          reader = new HttpResponseReader(socket.getInputStream());
          out = socket.getOutputStream();
        }
        long sent = System.nanoTime();
        out.write(requests[(int) (n % requests.length)]);
        out.flush();
        int status = reader.readResponse();
        long done = System.nanoTime();
        answered++;
        if (measured) {
          latency.recordValue(Math.max(0, done - intended));
          serviceTime.recordValue(Math.max(0, done - sent));
          sendLag.recordValue(Math.max(0, sent - intended));
          completed++;
        }
        if (status < 200 || status > 299) { // warm-up included: nothing may be refused
          if (non2xx++ == 0) firstStatusNot2xx = status;
        }
        if (reader.closeAfter()) {
          closeQuietly(socket);
          socket = null;
        }
      } catch (IOException e) {
        if (errors++ == 0) firstError = e.toString(); // warm-up included
        closeQuietly(socket);
        socket = null;
      }
    }
    closeQuietly(socket);
  }

  private Socket connect() throws IOException {
    Socket socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.setSoTimeout(socketTimeoutMillis);
    socket.connect(server, socketTimeoutMillis);
    return socket;
  }

  /** Parks until System.nanoTime() >= deadline (park may return early; it never returns much before). */
  static void waitUntil(long deadline) {
    for (long wait = deadline - System.nanoTime(); wait > 0; wait = deadline - System.nanoTime()) {
      LockSupport.parkNanos(wait);
    }
  }

  private static void closeQuietly(Socket socket) {
    if (socket == null) return;
    try {
      socket.close();
    } catch (IOException ignored) {
      // nothing to do
    }
  }
}
