package dev.vigil.agent.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;

/** Reads one {@code login:} lockout scope, keeping where it starts so cross-field problems name its line. */
final class LockoutEntryDeserializer extends StdDeserializer<PolicyDocument.LockoutEntry> {
  private static final long serialVersionUID = 1L;

  LockoutEntryDeserializer() {
    super(PolicyDocument.LockoutEntry.class);
  }

  @Override
  public PolicyDocument.LockoutEntry deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      throw PolicyErrors.problem(p, "expected a mapping such as { threshold: 5, window: 10m, lockout: 1m }, got " + PolicyErrors.describeToken(p));
    }
    JsonLocation start = p.currentTokenLocation();
    PolicyDocument.LockoutEntry entry = ctxt.readValue(p, PolicyDocument.LockoutEntry.class);
    entry.start = start;
    return entry;
  }
}
