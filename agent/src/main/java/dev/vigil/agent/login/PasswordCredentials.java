package dev.vigil.agent.login;

import dev.vigil.bootstrap.RequestContext;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * Whether a request carries a password, as far as a login anywhere can tell without knowing the
 * app: HTTP Basic credentials, or a form posted (a login form's username is in it). A bearer token
 * is not one: a 401 for an expired token says nothing of guessing. Only the Basic username is ever
 * kept; the password is decoded with it and dropped.
 */
public final class PasswordCredentials {
  private static final String BASIC = "basic ";
  private static final String FORM = "application/x-www-form-urlencoded";
  private static final String MULTIPART = "multipart/form-data";

  private PasswordCredentials() {}

  public static boolean carried(RequestContext request) {
    return basicHeader(request) != null || isFormPost(request);
  }

  /** The Basic username, or null when the request has none (a form post, or a header that does not decode). */
  public static String basicUsername(RequestContext request) {
    String header = basicHeader(request);
    if (header == null) {
      return null;
    }
    try {
      String decoded = new String(Base64.getDecoder().decode(header.substring(BASIC.length()).trim()), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      return colon <= 0 ? null : decoded.substring(0, colon);
    } catch (IllegalArgumentException notBase64) {
      return null;
    }
  }

  private static String basicHeader(RequestContext request) {
    String header = request.header("Authorization");
    return header != null && header.regionMatches(true, 0, BASIC, 0, BASIC.length()) ? header : null;
  }

  private static boolean isFormPost(RequestContext request) {
    if (!"POST".equalsIgnoreCase(request.method)) {
      return false;
    }
    String type = request.header("Content-Type");
    if (type == null) {
      return false;
    }
    String lower = type.toLowerCase(Locale.ROOT);
    return lower.startsWith(FORM) || lower.startsWith(MULTIPART);
  }
}
