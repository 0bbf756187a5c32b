package dev.vigil.agent.login;

import dev.vigil.agent.reflect.PublicMethods;
import dev.vigil.bootstrap.AgentLog;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;

/**
 * Reads a request parameter from the server's own request object without compiling against it:
 * {@code getParameter(String)} exists on both javax and jakarta {@code ServletRequest}, and the
 * agent's loader cannot see either. Looked up once per request class. Servers without form
 * parameters (the JDK HttpServer) yield null: reading the body there would consume it.
 */
final class FormParameters {
  private static final MethodType GET_PARAMETER = MethodType.methodType(String.class, String.class);
  private static final ClassValue<MethodHandle> ACCESSORS =
      new ClassValue<>() {
        @Override
        protected MethodHandle computeValue(Class<?> type) {
          return PublicMethods.find(type, "getParameter", GET_PARAMETER);
        }
      };

  private FormParameters() {}

  static String read(Object request, String name) {
    if (request == null || name == null) {
      return null;
    }
    MethodHandle getter = ACCESSORS.get(request.getClass());
    if (getter == null) {
      return null;
    }
    try {
      return (String) getter.invoke(request, name);
    } catch (Throwable t) {
      AgentLog.errorOnce("login-username", "cannot read the login form's username", t);
      return null;
    }
  }
}
