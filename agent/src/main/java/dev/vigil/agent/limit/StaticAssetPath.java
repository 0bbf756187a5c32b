package dev.vigil.agent.limit;

/**
 * Is a request a static asset fetch? A GET (or HEAD) whose last path segment ends in an asset's
 * extension: stylesheets, scripts and their source maps, images, fonts. One backwards scan of the
 * last segment, no allocation. A POST to {@code /x.css}, or a path too long to be read, is not one.
 */
public final class StaticAssetPath {
  private static final String[] EXTENSIONS = {
    "css", "js", "mjs", "map", "png", "jpg", "jpeg", "gif", "svg", "ico", "webp", "avif", "bmp", "woff", "woff2", "ttf", "otf", "eot",
  };
  private static final int LONGEST = 5;

  private StaticAssetPath() {}

  public static boolean isStaticAsset(String method, String normalisedPath) {
    if (normalisedPath == null || RoutePath.isOverlong(normalisedPath) || !("GET".equals(method) || "HEAD".equals(method))) {
      return false;
    }
    int end = normalisedPath.length();
    int dot = -1;
    for (int i = end - 1; i >= 0 && end - i <= LONGEST + 1; i--) {
      char c = normalisedPath.charAt(i);
      if (c == '.') {
        dot = i;
        break;
      }
      if (c == '/') {
        return false;
      }
    }
    if (dot <= 0 || normalisedPath.charAt(dot - 1) == '/') {
      return false;
    }
    for (String extension : EXTENSIONS) {
      if (extension.length() == end - dot - 1 && normalisedPath.regionMatches(true, dot + 1, extension, 0, extension.length())) {
        return true;
      }
    }
    return false;
  }
}
