package dev.vigil.instrumentation.servlet;

/** Servlet 4 and older ({@code javax.servlet}): Tomcat 9, Jetty 9/10, Spring Boot 2. */
public final class JavaxServletModule extends ServletModule {
  public static final String NAME = "javax-servlet";

  public JavaxServletModule() {
    super(NAME, "javax.servlet", JavaxServletAdvice.class.getName(), JavaxServletReader.class.getName());
  }
}
