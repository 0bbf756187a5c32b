package dev.vigil.benchmarks.e2e;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads HTTP/1.1 responses off one keep-alive connection: the status line, the headers, and the
 * body (Content-Length or chunked), which it discards. Just enough HTTP for a hello-world server;
 * anything it does not understand is an {@link IOException}.
 */
public final class HttpResponseReader {
  private final InputStream in;
  private final byte[] buffer = new byte[16 * 1024];
  private int position;
  private int limit;
  private boolean closeAfter;

  public HttpResponseReader(InputStream in) {
    this.in = in;
  }

  /** Reads one whole response and returns its status code. */
  public int readResponse() throws IOException {
    String statusLine = readLine();
    if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) throw new IOException("not an HTTP/1.x status line: " + statusLine);
    int status = parseStatus(statusLine);
    long contentLength = -1;
    boolean chunked = false;
    closeAfter = statusLine.startsWith("HTTP/1.0");
    for (String line = readLine(); !line.isEmpty(); line = readLine()) {
      int colon = line.indexOf(':');
      if (colon <= 0) throw new IOException("bad header line: " + line);
      String name = line.substring(0, colon).trim();
      String value = line.substring(colon + 1).trim();
      if (name.equalsIgnoreCase("Content-Length")) {
        contentLength = Long.parseLong(value);
      } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
        chunked = value.toLowerCase(java.util.Locale.ROOT).contains("chunked");
      } else if (name.equalsIgnoreCase("Connection")) {
        closeAfter = value.equalsIgnoreCase("close");
      }
    }
    if (chunked) {
      skipChunkedBody();
    } else if (contentLength >= 0) {
      skip(contentLength);
    } else if (status >= 200 && status != 204 && status != 304) {
      throw new IOException("response without Content-Length or chunked encoding: cannot keep the connection");
    }
    return status;
  }

  /** Whether the last response said the server closes the connection after it. */
  public boolean closeAfter() {
    return closeAfter;
  }

  static int parseStatus(String statusLine) throws IOException {
    // "HTTP/1.1 200 OK": the three digits after the first space
    int space = statusLine.indexOf(' ');
    if (space < 0 || space + 4 > statusLine.length()) throw new IOException("bad status line: " + statusLine);
    try {
      return Integer.parseInt(statusLine.substring(space + 1, space + 4));
    } catch (NumberFormatException e) {
      throw new IOException("bad status line: " + statusLine, e);
    }
  }

  private void skipChunkedBody() throws IOException {
    while (true) {
      String sizeLine = readLine();
      int semicolon = sizeLine.indexOf(';');
      long size = Long.parseLong((semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).trim(), 16);
      if (size == 0) {
        while (!readLine().isEmpty()) { /* trailers */ }
        return;
      }
      skip(size);
      if (!readLine().isEmpty()) throw new IOException("chunk not followed by CRLF");
    }
  }

  private void skip(long count) throws IOException {
    while (count > 0) {
      if (position == limit) fill();
      int n = (int) Math.min(count, limit - position);
      position += n;
      count -= n;
    }
  }

  /** One line without its CRLF (or bare LF), ISO-8859-1. */
  private String readLine() throws IOException {
    StringBuilder line = null;
    while (true) {
      if (position == limit) fill();
      for (int i = position; i < limit; i++) {
        if (buffer[i] == '\n') {
          int end = (i > position && buffer[i - 1] == '\r') ? i - 1 : i;
          String part = new String(buffer, position, end - position, StandardCharsets.ISO_8859_1);
          position = i + 1;
          if (line == null) return part;
          line.append(part);
          // a CR at the end of the previous buffer belongs to this line ending
          if (end == i && line.length() > 0 && line.charAt(line.length() - 1) == '\r') line.setLength(line.length() - 1);
          return line.toString();
        }
      }
      if (line == null) line = new StringBuilder();
      if (line.length() > 64 * 1024) throw new IOException("line longer than 64 KiB");
      line.append(new String(buffer, position, limit - position, StandardCharsets.ISO_8859_1));
      position = limit;
    }
  }

  private void fill() throws IOException {
    int n = in.read(buffer, 0, buffer.length);
    if (n < 0) throw new EOFException("connection closed by the server");
    position = 0;
    limit = n;
  }
}
