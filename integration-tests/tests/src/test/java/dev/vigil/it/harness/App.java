package dev.vigil.it.harness;

/** The four server test apps (integration-tests/apps/*), each with its own runtime classpath; see also {@link FrameworkApp}. */
public enum App implements Launchable {
    TOMCAT11("tomcat11", "tomcat11", "com.example.app.Tomcat11App", "jakarta-servlet", true),
    JETTY12("jetty12", "jetty12", "com.example.app.Jetty12App", "jakarta-servlet", true),
    TOMCAT9_JAVAX("tomcat9-javax", "tomcat9", "com.example.app.Tomcat9App", "javax-servlet", true),
    JDK_HTTPSERVER("jdk-httpserver", "jdk-httpserver", "com.example.app.JdkHttpServerApp", "jdk-httpserver", false);

    /** Also the X-App header value the app sets. */
    public final String id;
    private final String module;
    public final String mainClass;
    /** The name the agent's startup line lists under instrumenting=[...] for this server. */
    public final String instrumentation;
    /** Servlet container: has real filters and a RequestDispatcher forward for GET /forward. */
    public final boolean servlet;

    App(String id, String module, String mainClass, String instrumentation, boolean servlet) {
        this.id = id;
        this.module = module;
        this.mainClass = mainClass;
        this.instrumentation = instrumentation;
        this.servlet = servlet;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String mainClass() {
        return mainClass;
    }

    /** target/classes plus the module's target/classpath.txt (written by maven-dependency-plugin build-classpath). */
    @Override
    public String classpath() {
        return Launchable.classpathOf(id, module);
    }

    @Override
    public String toString() {
        return id;
    }
}
