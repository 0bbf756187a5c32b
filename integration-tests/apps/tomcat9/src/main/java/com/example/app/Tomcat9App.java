package com.example.app;

import com.example.app.support.ParentWatch;
import com.example.app.support.TestRoutes;
import com.example.app.support.TestRoutes.Answer;
import javax.servlet.FilterChain;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Files;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/**
 * Embedded Tomcat 9 (javax). Args: [port (0 = ephemeral)] [bind host]. Prints "LISTENING port".
 * Outer filter -> inner filter -> servlet;
 * both filters also run on FORWARD dispatches (GET /forward forwards to /hello).
 */
public final class Tomcat9App {
    static final String NAME = "tomcat9-javax";

    public static void main(String[] args) throws Exception {
        ParentWatch.exitWhenParentDies();
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createTempDirectory("tomcat9-javax").toString());
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

    static void addFilter(Context ctx, String name, javax.servlet.Filter filter) {
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

    /** Outermost entry. */
    static final class OuterFilter implements javax.servlet.Filter {
        @Override
        public void doFilter(ServletRequest req, ServletResponse resp, FilterChain chain) throws IOException, ServletException {
            ((HttpServletResponse) resp).setHeader("X-App", NAME);
            chain.doFilter(req, resp);
        }
    }

    static final class InnerFilter implements javax.servlet.Filter {
        @Override
        public void doFilter(ServletRequest req, ServletResponse resp, FilterChain chain) throws IOException, ServletException {
            chain.doFilter(req, resp);
        }
    }

    static final class AppServlet extends HttpServlet {
        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException, ServletException {
            if ("POST".equals(req.getMethod()) && req.getRequestURI().startsWith("/echo/")) {
                echo(req, resp);
                return;
            }
            Answer answer = TestRoutes.answer(req.getMethod(), req.getRequestURI(), req.getRemoteAddr(), req.getParameter("username"), req.getParameter("password"), req.getRemoteUser());
            if (answer.forwardTo != null) {
                req.getRequestDispatcher(answer.forwardTo).forward(req, resp);
                return;
            }
            resp.setStatus(answer.status);
            resp.setContentType(answer.contentType);
            resp.setHeader("Cache-Control", "no-store");
            resp.setContentLength(answer.body.length);
            resp.getOutputStream().write(answer.body);
        }

        /**
         * POST /echo/param: a legacy servlet that picks its own encoding first, then answers the form's
         * "user" as it decoded it; POST /echo/body: one that reads its body itself and answers it;
         * POST /echo/throw: login code that fails with an exception (the container answers 500).
         */
        private static void echo(HttpServletRequest req, HttpServletResponse resp) throws IOException, ServletException {
            String answer;
            if (req.getRequestURI().equals("/echo/throw")) {
                throw new ServletException("the login code failed for " + req.getParameter("user"));
            } else if (req.getRequestURI().equals("/echo/param")) {
                req.setCharacterEncoding("UTF-8");
                answer = "user=" + req.getParameter("user");
            } else {
                answer = new String(req.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            }
            byte[] body = answer.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            resp.setStatus(200);
            resp.setContentType("text/plain;charset=UTF-8");
            resp.setContentLength(body.length);
            resp.getOutputStream().write(body);
        }
    }
}
