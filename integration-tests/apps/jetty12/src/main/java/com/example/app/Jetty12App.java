package com.example.app;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Embedded Jetty 12 ee10 (jakarta). Args: [port (0 = ephemeral)] [bind host]. Prints "LISTENING port".
 * Outer filter -> inner filter -> servlet; both filters also run on FORWARD dispatches.
 */
public final class Jetty12App {
    static final String NAME = "jetty12";

    public static void main(String[] args) throws Exception {
        exitWhenParentDies();
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setPort(args.length > 0 ? Integer.parseInt(args[0]) : 0);
        connector.setHost(args.length > 1 ? args[1] : "127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler ctx = new ServletContextHandler("/");
        ctx.addServlet(new ServletHolder(new AppServlet()), "/");
        EnumSet<DispatcherType> dispatches = EnumSet.of(DispatcherType.REQUEST, DispatcherType.FORWARD);
        ctx.addFilter(new FilterHolder(new OuterFilter()), "/*", dispatches);
        ctx.addFilter(new FilterHolder(new InnerFilter()), "/*", dispatches);
        server.setHandler(ctx);
        server.start();
        System.out.println("LISTENING " + connector.getLocalPort());
        server.join();
    }

    /** Outermost entry. */
    static final class OuterFilter implements Filter {
        @Override
        public void doFilter(ServletRequest req, ServletResponse resp, FilterChain chain) throws IOException, ServletException {
            ((HttpServletResponse) resp).setHeader("X-App", NAME);
            chain.doFilter(req, resp);
        }
    }

    static final class InnerFilter implements Filter {
        @Override
        public void doFilter(ServletRequest req, ServletResponse resp, FilterChain chain) throws IOException, ServletException {
            chain.doFilter(req, resp);
        }
    }

    static final class AppServlet extends HttpServlet {
        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException, ServletException {
            String path = req.getRequestURI();
            boolean get = "GET".equals(req.getMethod());
            if (get && path.equals("/hello")) {
                send(resp, 200, "text/plain;charset=UTF-8", "hello " + path);
            } else if (get && path.startsWith("/api/items/")) {
                String id = path.substring("/api/items/".length());
                send(resp, 200, "application/json", "{\"id\":\"" + id + "\",\"name\":\"item " + id + "\"}");
            } else if (get && path.equals("/whoami")) {
                send(resp, 200, "text/plain;charset=UTF-8", req.getRemoteAddr());
            } else if (get && path.equals("/forward")) {
                req.getRequestDispatcher("/hello").forward(req, resp);
            } else if ("POST".equals(req.getMethod()) && path.equals("/login")) {
                send(resp, 200, "text/plain;charset=UTF-8", "welcome");
            } else {
                send(resp, 404, "text/plain;charset=UTF-8", "not found");
            }
        }

        static void send(HttpServletResponse resp, int status, String type, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            resp.setStatus(status);
            resp.setContentType(type);
            resp.setHeader("Cache-Control", "no-store");
            resp.setContentLength(bytes.length);
            resp.getOutputStream().write(bytes);
        }
    }

    /** With -Dit.watchParent=true: exit when the launching test JVM goes away (stdin closes). */
    static void exitWhenParentDies() {
        if (!Boolean.getBoolean("it.watchParent")) return;
        Thread t = new Thread(() -> {
            try {
                while (System.in.read() != -1) { /* drain */ }
            } catch (IOException ignored) {
                // parent gone
            }
            Runtime.getRuntime().halt(3);
        }, "it-parent-watch");
        t.setDaemon(true);
        t.start();
    }
}
