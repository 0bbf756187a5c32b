package com.example.app.support;

import java.nio.charset.StandardCharsets;

/**
 * The one behaviour every test app serves, whatever its server API: the integration tests compare
 * these answers with and without the agent.
 */
public final class TestRoutes {
    private static final String TEXT = "text/plain;charset=UTF-8";
    private static final byte[] REPORT = new byte[1 << 20];
    private static final byte[] EXPORT = new byte[8 << 20];

    private TestRoutes() {}

    /** An answer to send, or a forward to another path ({@link #forwardTo} non-null). */
    public static final class Answer {
        public final int status;
        public final String contentType;
        public final byte[] body;
        public final String forwardTo;
        /** Written without a length, as a streaming download is (servers that can, send it chunked). */
        public final boolean streamed;

        private Answer(int status, String contentType, String body, String forwardTo) {
            this(status, contentType, body.getBytes(StandardCharsets.UTF_8), forwardTo, false);
        }

        private Answer(int status, String contentType, byte[] body, String forwardTo, boolean streamed) {
            this.status = status;
            this.contentType = contentType;
            this.body = body;
            this.forwardTo = forwardTo;
            this.streamed = streamed;
        }
    }

    /**
     * GET /hello, GET /api/items/{id} (JSON), GET /whoami (the peer address the server saw),
     * GET /forward (a forward to /hello), POST /login (200 "welcome" for password "secret", else
     * 401 "invalid credentials", the same whatever the user; one {@link PasswordChecks} check),
     * GET /secure/hello ("hello " and the authenticated user, on servers that guard the path),
     * GET /realm-calls ({@link PasswordChecks}), POST /signup (201, always), GET /assets/** (a stylesheet),
     * GET /partner/items/{id} (401 unless the password parameter is "secret"), GET /reports/{id} (a
     * 1 MB download, {@link Answer#streamed}), GET /exports/{id} (8 MB, streamed), GET /item.do (an item named in the query), GET
     * /orders/{id} (403: someone else's order), GET /api/status (a page polls it),
     * GET /robots.txt, and three logins that answer like POST /login, from
     * the form's username and password: POST /jaas/login (a JAAS LoginContext, {@link JaasLogins}),
     * POST /account/sign-in ({@link AccountService#signIn}, by return value) and POST
     * /account/authenticate ({@link AccountService#authenticate}, by exception; any other exception
     * than its two is a 500); 404 otherwise.
     */
    public static Answer answer(String method, String path, String remoteAddress, String username, String password, String remoteUser) {
        boolean get = "GET".equals(method);
        if (path.startsWith("/jaas/") || path.startsWith("/account/")) {
            Answer login = serviceLogin(method, path, username, password);
            if (login != null) {
                return login;
            }
        }
        if (get && path.equals("/secure/hello") && remoteUser != null) {
            return new Answer(200, TEXT, "hello " + remoteUser, null);
        } else if (get && path.equals("/realm-calls")) {
            return new Answer(200, TEXT, Integer.toString(PasswordChecks.count()), null);
        } else if (get && path.equals("/hello")) {
            return new Answer(200, TEXT, "hello /hello", null);
        } else if (get && path.startsWith("/api/items/")) {
            String id = path.substring("/api/items/".length());
            return new Answer(200, "application/json", "{\"id\":\"" + id + "\",\"name\":\"item " + id + "\"}", null);
        } else if (get && path.startsWith("/partner/items/")) {
            // a partner API that checks its callers' credentials (here the password parameter)
            return "secret".equals(password) ? new Answer(200, "application/json", "{\"id\":\"" + path.substring(15) + "\"}", null)
                    : new Answer(401, TEXT, "credentials required", null);
        } else if (get && (path.equals("/item.do") || path.equals("/api/status"))) {
            return new Answer(200, "application/json", "{\"ok\":true}", null);
        } else if (get && path.startsWith("/orders/")) {
            return new Answer(403, TEXT, "not your order", null);
        } else if (get && path.startsWith("/exports/")) {
            return new Answer(200, "application/octet-stream", EXPORT, null, true);
        } else if (get && path.startsWith("/reports/")) {
            return new Answer(200, "application/octet-stream", REPORT, null, true);
        } else if (get && path.startsWith("/assets/")) {
            return new Answer(200, "text/css", "/* asset */", null);
        } else if (get && path.equals("/robots.txt")) {
            return new Answer(200, TEXT, "User-agent: *\nCrawl-delay: 10\n", null);
        } else if (get && path.equals("/whoami")) {
            return new Answer(200, TEXT, remoteAddress, null);
        } else if (get && path.equals("/forward")) {
            return new Answer(200, TEXT, "", "/hello");
        } else if ("POST".equals(method) && path.equals("/signup")) {
            return new Answer(201, TEXT, "account created", null);
        } else if ("POST".equals(method) && path.equals("/login")) {
            PasswordChecks.record();
            return "secret".equals(password)
                    ? new Answer(200, TEXT, "welcome", null)
                    : new Answer(401, TEXT, "invalid credentials", null);
        }
        return new Answer(404, TEXT, "not found", null);
    }

    private static final AccountService ACCOUNTS = new AccountService();

    private static Answer serviceLogin(String method, String path, String username, String password) {
        if (!"POST".equals(method)) {
            return null;
        }
        boolean success;
        if (path.equals("/jaas/login")) {
            success = JaasLogins.login(username, password);
        } else if (path.equals("/account/sign-in")) {
            success = ACCOUNTS.signIn(username, password);
        } else if (path.equals("/account/authenticate")) {
            Authenticator authenticator = ACCOUNTS;
            try {
                authenticator.authenticate(new Credentials(username, password));
                success = true;
            } catch (BadPasswordException | NoSuchAccountException e) {
                success = false;
            }
        } else {
            return null;
        }
        return success ? new Answer(200, TEXT, "welcome", null) : new Answer(401, TEXT, "invalid credentials", null);
    }
}
