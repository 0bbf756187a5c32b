package com.example.app;

import com.example.app.support.ParentWatch;
import com.example.app.support.PasswordChecks;
import com.example.app.support.TestRoutes;
import com.example.app.support.TestRoutes.Answer;
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
import java.util.EnumSet;
import java.util.function.Function;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.servlet.security.ConstraintMapping;
import org.eclipse.jetty.ee10.servlet.security.ConstraintSecurityHandler;
import org.eclipse.jetty.security.Constraint;
import org.eclipse.jetty.security.HashLoginService;
import org.eclipse.jetty.security.UserIdentity;
import org.eclipse.jetty.security.UserStore;
import org.eclipse.jetty.security.authentication.BasicAuthenticator;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.Session;
import org.eclipse.jetty.util.security.Credential;

/**
 * Embedded Jetty 12 ee10 (jakarta). Args: [port (0 = ephemeral)] [bind host]. Prints "LISTENING port".
 * Outer filter -> inner filter -> servlet; both filters also run on FORWARD dispatches. /secure/*
 * needs BASIC auth against a login service with one user, alice/secret (GET /secure/hello answers
 * "hello alice"); GET /realm-calls answers how many password checks reached the login service.
 */
public final class Jetty12App {
    static final String NAME = "jetty12";

    public static void main(String[] args) throws Exception {
        ParentWatch.exitWhenParentDies();
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
        ctx.setSecurityHandler(basicAuth());
        server.setHandler(ctx);
        server.start();
        System.out.println("LISTENING " + connector.getLocalPort());
        server.join();
    }


    static ConstraintSecurityHandler basicAuth() {
        UserStore users = new UserStore();
        users.addUser("alice", Credential.getCredential("secret"), new String[] {"user"});
        HashLoginService loginService = new CountingLoginService("vigil-it");
        loginService.setUserStore(users);
        ConstraintMapping secure = new ConstraintMapping();
        secure.setPathSpec("/secure/*");
        secure.setConstraint(Constraint.from("user"));
        ConstraintSecurityHandler security = new ConstraintSecurityHandler();
        security.setAuthenticator(new BasicAuthenticator());
        security.setRealmName("vigil-it");
        security.setLoginService(loginService);
        security.addConstraintMapping(secure);
        return security;
    }

    /** Counts the password checks that reach it. */
    static final class CountingLoginService extends HashLoginService {
        CountingLoginService(String name) {
            super(name);
        }

        @Override
        public UserIdentity login(String username, Object credentials, Request request, Function<Boolean, Session> getOrCreateSession) {
            PasswordChecks.record();
            return super.login(username, credentials, request, getOrCreateSession);
        }
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
