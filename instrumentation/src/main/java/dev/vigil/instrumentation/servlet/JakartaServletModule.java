package dev.vigil.instrumentation.servlet;

/** Servlet 5+ ({@code jakarta.servlet}): Tomcat 10+, Jetty 12 ee9/ee10, Spring Boot 3+. */
public final class JakartaServletModule extends ServletModule {
  public static final String NAME = "jakarta-servlet";

  public JakartaServletModule() {
    super(NAME, "jakarta.servlet", JakartaServletAdvice.class.getName(), JakartaServletReader.class.getName());
  }
}
