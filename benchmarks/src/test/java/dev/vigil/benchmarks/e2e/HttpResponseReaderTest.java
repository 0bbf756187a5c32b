package dev.vigil.benchmarks.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HttpResponseReaderTest {
  private static final String TWO_RESPONSES =
      "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello"
          + "HTTP/1.1 429 Too Many Requests\r\nTransfer-Encoding: chunked\r\nRetry-After: 1\r\n\r\n"
          + "3;ext=1\r\nabc\r\n10\r\n0123456789abcdef\r\n0\r\nTrailer: x\r\n\r\n"
          + "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n";

  @Test
  void readsKeepAliveResponsesOneAfterAnother() throws IOException {
    HttpResponseReader reader = new HttpResponseReader(new ByteArrayInputStream(TWO_RESPONSES.getBytes(StandardCharsets.ISO_8859_1)));
    assertEquals(200, reader.readResponse());
    assertFalse(reader.closeAfter());
    assertEquals(429, reader.readResponse());
    assertEquals(204, reader.readResponse());
    assertTrue(reader.closeAfter());
    assertThrows(EOFException.class, reader::readResponse);
  }

  @Test
  void readsTheSameWhenTheServerSendsOneByteAtATime() throws IOException {
    byte[] bytes = TWO_RESPONSES.getBytes(StandardCharsets.ISO_8859_1);
    InputStream trickle = new ByteArrayInputStream(bytes) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, 1));
      }
    };
    HttpResponseReader reader = new HttpResponseReader(trickle);
    assertEquals(200, reader.readResponse());
    assertEquals(429, reader.readResponse());
    assertEquals(204, reader.readResponse());
  }

  @Test
  void refusesWhatItCannotFrame() {
    HttpResponseReader reader = new HttpResponseReader(new ByteArrayInputStream("HTTP/1.1 200 OK\r\n\r\nbody".getBytes(StandardCharsets.ISO_8859_1)));
    assertThrows(IOException.class, reader::readResponse);
    HttpResponseReader garbage = new HttpResponseReader(new ByteArrayInputStream("SSH-2.0-OpenSSH\r\n".getBytes(StandardCharsets.ISO_8859_1)));
    assertThrows(IOException.class, garbage::readResponse);
  }
}
