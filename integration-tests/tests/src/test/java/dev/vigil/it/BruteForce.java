package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.it.harness.Http;
import dev.vigil.it.harness.Http.Resp;
import dev.vigil.it.harness.ServerProcess;

/**
 * The brute-force scenario every authentication hook must pass, against a login whose wrong
 * password the app answers 401 "invalid credentials" and whose right one 200 "welcome": one client
 * tries 12 wrong passwords on alice, then the right one; the real user logs in from elsewhere; a
 * third client tries 12 passwords on an account that does not exist. Password checks are read from
 * the app's GET /realm-calls ({@code PasswordChecks}).
 */
final class BruteForce {
    /** One login attempt from {@code client} (sent as X-Forwarded-For through the trusted loopback proxy). */
    interface Login {
        Resp attempt(String client, String username, String password);
    }

    static final int ATTEMPTS = 12;
    /** The user+ip lockout threshold with no login policy (README: login defaults). */
    static final int THRESHOLD = 5;

    /** What the scenario measured, for the test to report. */
    static final class Measured {
        final int knownAccountChecks;
        final int unknownAccountChecks;

        Measured(int knownAccountChecks, int unknownAccountChecks) {
            this.knownAccountChecks = knownAccountChecks;
            this.unknownAccountChecks = unknownAccountChecks;
        }

        @Override
        public String toString() {
            return "wrong passwords that reached the password check: known account " + knownAccountChecks + "/" + ATTEMPTS
                    + ", unknown account " + unknownAccountChecks + "/" + ATTEMPTS;
        }
    }

    private BruteForce() {}

    static int passwordChecks(ServerProcess server) {
        Resp r = Http.get(server, "/realm-calls");
        assertThat(r.status).as("GET /realm-calls: %s", r).isEqualTo(200);
        return Integer.parseInt(r.body.trim());
    }

    static Measured run(ServerProcess server, Login login, String attacker, String realUser, String unknownAccountClient) {
        int before = passwordChecks(server);
        Resp first = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Resp r = login.attempt(attacker, "alice", "guess" + attempt);
            assertThat(r.status).as("attempt %d, wrong password: the app's own failure: %s", attempt, r).isEqualTo(401);
            assertThat(r.body).isEqualTo("invalid credentials");
            if (first == null) {
                first = r;
            }
            assertThat(r.fingerprint()).as("attempt %d: the same answer, locked or not", attempt).isEqualTo(first.fingerprint());
        }
        int known = passwordChecks(server) - before;
        assertThat(known).as("wrong passwords that reached the password check").isEqualTo(THRESHOLD);

        Resp lockedRight = login.attempt(attacker, "alice", "secret");
        assertThat(lockedRight.fingerprint()).as("even the right password, from the locked source, fails the app's way").isEqualTo(first.fingerprint());
        assertThat(passwordChecks(server) - before).as("the locked source's right password was never checked").isEqualTo(THRESHOLD);

        Resp realUserLogin = login.attempt(realUser, "alice", "secret");
        assertThat(realUserLogin.status).as("the real user from elsewhere: %s", realUserLogin).isEqualTo(200);
        assertThat(realUserLogin.body).isEqualTo("welcome");
        assertThat(passwordChecks(server) - before).isEqualTo(THRESHOLD + 1);

        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Resp nobody = login.attempt(unknownAccountClient, "mallory", "guess" + attempt);
            assertThat(nobody.fingerprint()).as("unknown account, attempt %d: the same answer as for alice", attempt).isEqualTo(first.fingerprint());
        }
        int unknown = passwordChecks(server) - before - THRESHOLD - 1;
        assertThat(unknown).as("an unknown account: checked up to the threshold, then locked like a known one").isEqualTo(THRESHOLD);
        return new Measured(known, unknown);
    }
}
