package com.example.app;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/**
 * Embedded Tomcat 11 (jakarta). Args: [port (0 = ephemeral)] [bind host]. Prints "LISTENING port".
 * Outer filter (also a javax.servlet.Filter: both APIs on one classpath) -> inner filter -> servlet;
 * both filters also run on FORWARD dispatches (GET /forward forwards to /hello).
 */
public final class Tomcat11App {
    static final String NAME = "tomcat11";

    public static void main(String[] args) throws Exception {
        exitWhenParentDies();
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createTempDirectory("tomcat11").toString());
        Connector connector = new Connector();
        connector.setPort(args.length > 0 ? Integer.parseInt(args[0]) : 0);
        connector.setProperty("address", args.length > 1 ? args[1] : "127.0.0.1");
        tomcat.getService().addConnector(connector);
        Context ctx = tomcat.addContext("", null);
        Tomcat.addServlet(ctx, "app", new AppServlet());
        ctx.addServletMappingDecoded("/", "app");
        addFilter(ctx, "outer", new OuterFilter());
        addFilter(ctx, "inner", new InnerFilter());
        tomcat.start();
        System.out.println("LISTENING " + connector.getLocalPort());
        tomcat.getServer().await();
    }

    static void addFilter(Context ctx, String name, jakarta.servlet.Filter filter) {
        FilterDef def = new FilterDef();
        def.setFilterName(name);
        def.setFilter(filter);
        ctx.addFilterDef(def);
        FilterMap map = new FilterMap();
        map.setFilterName(name);
        map.addURLPattern("/*");
        map.setDispatcher("REQUEST");
        map.setDispatcher("FORWARD");
        ctx.addFilterMap(map);
    }

    /** Outermost entry; implements both filter APIs so a javax matcher sees it too. */
    static final class OuterFilter implements jakarta.servlet.Filter, javax.servlet.Filter {
        @Override
        public void doFilter(ServletRequest req, ServletResponse resp, FilterChain chain) throws IOException, ServletException {
            ((HttpServletResponse) resp).setHeader("X-App", NAME);
            chain.doFilter(req, resp);
        }

        @Override
        public void doFilter(javax.servlet.ServletRequest req, javax.servlet.ServletResponse resp, javax.servlet.FilterChain chain)
                throws IOException, javax.servlet.ServletException {
            chain.doFilter(req, resp);
        }

        @Override
        public void init(jakarta.servlet.FilterConfig config) {}

        @Override
        public void init(javax.servlet.FilterConfig config) {}

        @Override
        public void destroy() {}
    }

    static final class InnerFilter implements jakarta.servlet.Filter {
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
