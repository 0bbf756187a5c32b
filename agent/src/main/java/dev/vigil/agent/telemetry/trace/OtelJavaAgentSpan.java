package dev.vigil.agent.telemetry.trace;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The OpenTelemetry Java agent's current span, read through its own bootstrap classes when that
 * agent is attached. Its API lives relocated on the boot class path, so neither the app's API nor
 * ours sees its context; without this Vigil's spans would start a second trace beside its server
 * span whenever the caller sent no {@code traceparent}. Looked up once; absent agent = null.
 */
public final class OtelJavaAgentSpan {
  private static final String SHADED_API = "io.opentelemetry.javaagent.shaded.io.opentelemetry.api.trace.";
  private static final Handles HANDLES = Handles.find();

  private OtelJavaAgentSpan() {}

  public static boolean attached() {
    return HANDLES != null;
  }

  /** The agent's span current on this thread, or null (agent absent, no valid span, or any failure). */
  public static TraceParent current() {
    if (HANDLES == null) {
      return null;
    }
    try {
      Object span = HANDLES.current.invoke();
      Object context = HANDLES.spanContext.invoke(span);
      if (!(boolean) HANDLES.isValid.invoke(context)) {
        return null;
      }
      return new TraceParent(
          (String) HANDLES.traceId.invoke(context), (String) HANDLES.spanId.invoke(context), (boolean) HANDLES.isSampled.invoke(context));
    } catch (Throwable t) {
      if (Boolean.getBoolean("vigil.debug")) {
        dev.vigil.bootstrap.AgentLog.info("reading the OpenTelemetry Java agent's span failed: " + t);
      }
      return null;
    }
  }

  private static final class Handles {
    final MethodHandle current;
    final MethodHandle spanContext;
    final MethodHandle isValid;
    final MethodHandle traceId;
    final MethodHandle spanId;
    final MethodHandle isSampled;

    private Handles(Class<?> span, Class<?> context) throws ReflectiveOperationException {
      MethodHandles.Lookup lookup = MethodHandles.publicLookup();
      current = lookup.findStatic(span, "current", MethodType.methodType(span));
      spanContext = lookup.findVirtual(span, "getSpanContext", MethodType.methodType(context));
      isValid = lookup.findVirtual(context, "isValid", MethodType.methodType(boolean.class));
      traceId = lookup.findVirtual(context, "getTraceId", MethodType.methodType(String.class));
      spanId = lookup.findVirtual(context, "getSpanId", MethodType.methodType(String.class));
      isSampled = lookup.findVirtual(context, "isSampled", MethodType.methodType(boolean.class));
    }

    static Handles find() {
      try {
        // the boot loader only: an app class with this name is not the agent
        Class<?> span = Class.forName(SHADED_API + "Span", false, null);
        Class<?> context = Class.forName(SHADED_API + "SpanContext", false, null);
        return new Handles(span, context);
      } catch (Throwable absent) {
        if (Boolean.getBoolean("vigil.debug")) {
          dev.vigil.bootstrap.AgentLog.info("no OpenTelemetry Java agent span bridge: " + absent);
        }
        return null;
      }
    }
  }
}
