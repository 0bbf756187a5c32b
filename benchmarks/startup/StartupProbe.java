import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Starts a JDK HttpServer, serves one request to itself and exits: the unit of startup cost.
 * Prints "ready=MS", the time from the process's start to that first response (what startup
 * costs a service), so what happens at exit (e.g. a telemetry flush) is not counted.
 */
public class StartupProbe {
  public static void main(String[] args) throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    server.start();
    URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding());
    long ready = System.currentTimeMillis() - ProcessHandle.current().info().startInstant().orElseThrow().toEpochMilli();
    System.out.println("ready=" + ready);
    System.out.println("threads=" + Thread.activeCount());
    server.stop(0);
    System.exit(0);
  }
}
