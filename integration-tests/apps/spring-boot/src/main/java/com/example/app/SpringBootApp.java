package com.example.app;

import com.example.app.support.ParentWatch;
import com.example.app.support.PasswordChecks;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.SpringSecurityCoreVersion;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Spring Boot 3.5 with Spring Security 6 (apps/spring-boot), and the same source built against Spring
 * Boot 4.0 with Spring Security 7 (apps/spring-boot4): it uses only APIs both share. Args: [port (0 =
 * ephemeral)] [bind host]. Prints "LISTENING port" when ready. Form login (POST /login with username and password; failure
 * redirects to /login?error, Spring's default; CSRF off so a plain HTTP client can post) and HTTP
 * Basic, against one in-memory user, alice/secret. GET /secure/hello (authenticated) answers "hello
 * alice"; GET /realm-calls answers how many password checks reached the user store; GET /versions
 * answers "spring-boot X spring-security Y", so a test knows which generation it runs. A second user,
 * j\u00fcrgen/secret, has a non-ASCII name; GET /last-username answers the name the store was last asked for.
 */
@SpringBootApplication
@RestController
public class SpringBootApp {
    public static void main(String[] args) {
        ParentWatch.exitWhenParentDies();
        SpringApplication app = new SpringApplication(SpringBootApp.class);
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("server.port", args.length > 0 ? args[0] : "0");
        props.put("server.address", args.length > 1 ? args[1] : "127.0.0.1");
        props.put("spring.main.banner-mode", "off");
        props.put("logging.level.root", "WARN");
        app.setDefaultProperties(props);
        app.run();
    }

    @EventListener
    public void ready(ApplicationReadyEvent event) {
        // the property, unlike the web server context type, is in the same place in Boot 3 and 4
        System.out.println("LISTENING " + event.getApplicationContext().getEnvironment().getProperty("local.server.port"));
    }

    @Bean
    SecurityFilterChain security(HttpSecurity http) throws Exception {
        return http
                .authorizeHttpRequests(a -> a.requestMatchers("/secure/**").authenticated().anyRequest().permitAll())
                .formLogin(Customizer.withDefaults())
                .httpBasic(Customizer.withDefaults())
                .csrf(c -> c.disable())
                .build();
    }

    /** alice/secret; counts the lookups, one per password check that reaches the user store (known user or not). */
    @Bean
    UserDetailsService users() {
        InMemoryUserDetailsManager store = new InMemoryUserDetailsManager(
                User.withUsername("alice").password("{noop}secret").roles("USER").build(),
                User.withUsername("j\u00fcrgen").password("{noop}secret").roles("USER").build());
        return username -> {
            PasswordChecks.record();
            lastUsername = username;
            return store.loadUserByUsername(username);
        };
    }

    @GetMapping("/secure/hello")
    public String hello(Principal principal) {
        return "hello " + principal.getName();
    }

    @GetMapping("/versions")
    public String versions() {
        return "spring-boot " + SpringBootVersion.getVersion() + " spring-security " + SpringSecurityCoreVersion.getVersion();
    }

    private static volatile String lastUsername = "";

    /** The username the user store was last asked for, as Spring decoded it from the form. */
    @GetMapping(value = "/last-username", produces = "text/plain;charset=UTF-8")
    public String lastUsername() {
        return lastUsername;
    }

    @GetMapping(value = "/api/items/{id}", produces = "text/plain;charset=UTF-8")
    public String item(@PathVariable("id") String id) {
        return "item " + id;
    }

    /** A product named by a word, as shops name them: only Spring's route says the slug is an id. */
    @GetMapping(value = "/products/{slug}", produces = "text/plain;charset=UTF-8")
    public String product(@PathVariable("slug") String slug) {
        return "product " + slug;
    }

    /** A 1 MB download written without a length: Tomcat sends it chunked. */
    @GetMapping("/reports/{id}")
    public void report(@PathVariable("id") String id, jakarta.servlet.http.HttpServletResponse response) throws java.io.IOException {
        response.setContentType("application/octet-stream");
        byte[] chunk = new byte[64 * 1024];
        for (int i = 0; i < 16; i++) {
            response.getOutputStream().write(chunk);
        }
    }

    /** A sign-up that always succeeds: the sensitive flow a fake-account farm hammers. */
    @PostMapping("/signup")
    public ResponseEntity<String> signUp() {
        return ResponseEntity.status(201).body("account created");
    }

    @GetMapping("/realm-calls")
    public String realmCalls() {
        return Integer.toString(PasswordChecks.count());
    }
}
