package dev.vigil.it.harness;

/**
 * Test apps built on an application framework rather than a bare server, each tested by its own
 * test: not part of {@link App}, whose every value the server matrix runs.
 */
public enum FrameworkApp implements Launchable {
    /** Spring Boot 3.5 + Spring Security 6: form login and HTTP Basic, alice/secret (apps/spring-boot). */
    SPRING_BOOT("spring-boot", "spring-boot", "com.example.app.SpringBootApp"),
    /** The same app on Spring Boot 4.0 + Spring Security 7 (apps/spring-boot4, built from apps/spring-boot's source). */
    SPRING_BOOT4("spring-boot4", "spring-boot4", "com.example.app.SpringBootApp"),
    /** The JDK HttpServer with its own OpenTelemetry SDK made global (apps/otel-sdk). */
    OTEL_SDK("otel-sdk", "otel-sdk", "com.example.app.OtelSdkApp");

    private final String id;
    private final String module;
    private final String mainClass;

    FrameworkApp(String id, String module, String mainClass) {
        this.id = id;
        this.module = module;
        this.mainClass = mainClass;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String mainClass() {
        return mainClass;
    }

    @Override
    public String classpath() {
        return Launchable.classpathOf(id, module);
    }

    @Override
    public String toString() {
        return id;
    }
}
