package com.example.app;

import com.example.app.support.ParentWatch;
import com.example.app.support.PasswordChecks;
import com.example.app.support.TestRoutes;
import com.example.app.support.TestRoutes.Answer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.security.Principal;
import java.util.List;
import org.apache.catalina.Context;
import org.apache.catalina.authenticator.BasicAuthenticator;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.realm.GenericPrincipal;
import org.apache.catalina.realm.RealmBase;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.apache.tomcat.util.descriptor.web.LoginConfig;
import org.apache.tomcat.util.descriptor.web.SecurityCollection;
import org.apache.tomcat.util.descriptor.web.SecurityConstraint;

/**
 * Embedded Tomcat 11 (jakarta). Args: [port (0 = ephemeral)] [bind host]. Prints "LISTENING port".
 * Outer filter (also a javax.servlet.Filter: both APIs on one classpath) -> inner filter -> servlet;
 * both filters also run on FORWARD dispatches (GET /forward forwards to /hello). /secure/* needs
 * BASIC auth against a realm with one user, alice/secret (GET /secure/hello answers "hello alice");
 * GET /realm-calls answers how many password checks reached the realm.
 */
public final class Tomcat11App {
    static final String NAME = "tomcat11";

    public static void main(String[] args) throws Exception {
        ParentWatch.exitWhenParentDies();
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
        protectWithBasicAuth(ctx);
        tomcat.start();
        System.out.println("LISTENING " + connector.getLocalPort());
        tomcat.getServer().await();
    }


    static void protectWithBasicAuth(Context ctx) {
        // -Dit.realm=inherited: a realm that keeps RealmBase's authenticate, as Tomcat's own realms do
        ctx.setRealm("inherited".equals(System.getProperty("it.realm")) ? new InheritedRealm() : new AppRealm());
        LoginConfig login = new LoginConfig();
        login.setAuthMethod("BASIC");
        login.setRealmName("vigil-it");
        ctx.setLoginConfig(login);
        ctx.getPipeline().addValve(new BasicAuthenticator());
        SecurityCollection secure = new SecurityCollection();
        secure.addPattern("/secure/*");
        SecurityConstraint constraint = new SecurityConstraint();
        constraint.addAuthRole("user");
        constraint.addCollection(secure);
        ctx.addConstraint(constraint);
        ctx.addSecurityRole("user");
    }

    /** alice/secret; counts the password checks that reach it (the overload calls RealmBase's: nested realm calls). */
    static final class AppRealm extends RealmBase {
        @Override
        public Principal authenticate(String username, String credentials) {
            PasswordChecks.record();
            return super.authenticate(username, credentials);
        }

        @Override
        protected String getPassword(String username) {
            return "alice".equals(username) ? "secret" : null;
        }

        @Override
        protected Principal getPrincipal(String username) {
            return new GenericPrincipal(username, List.of("user"));
        }
    }

    /**
     * alice/secret, checked by RealmBase's own authenticate: what is advised is a class the app never
     * names, loaded only as this realm's super class. Counts the password lookups.
     */
    static final class InheritedRealm extends RealmBase {
        @Override
        protected String getPassword(String username) {
            PasswordChecks.record();
            return "alice".equals(username) ? "secret" : null;
        }

        @Override
        protected Principal getPrincipal(String username) {
            return new GenericPrincipal(username, List.of("user"));
        }
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
            if (!answer.streamed) {
                resp.setContentLength(answer.body.length);
            }
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
