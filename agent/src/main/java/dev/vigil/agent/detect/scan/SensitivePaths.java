package dev.vigil.agent.detect.scan;

import java.util.Locale;

/**
 * Paths only a scanner asks for in a Java service: secrets and VCS metadata left in a web root
 * ({@code .env}, {@code .git/}, {@code .aws/}, {@code .ssh/}, {@code .htpasswd}), other stacks'
 * admin and login pages ({@code wp-login.php}, {@code phpmyadmin}, {@code xmlrpc.php}), and dumps.
 * A hidden segment anywhere in the path counts, so {@code /static/.git/config} does too.
 */
final class SensitivePaths {
  private static final String[] HIDDEN = {".env", ".git", ".svn", ".hg", ".aws", ".ssh", ".htaccess", ".htpasswd", ".ds_store", ".docker", ".kube"};
  private static final String[] LAST_SEGMENTS = {
    "wp-login.php", "xmlrpc.php", "phpinfo.php", "config.php", "wp-config.php", "web.config", "id_rsa", "dump.sql", "db.sql", "backup.sql",
    "backup.zip", "backup.tar.gz", "server-status", "phpmyadmin", "wp-admin", "cgi-bin",
  };

  private SensitivePaths() {}

  static boolean isProbe(String normalisedPath) {
    String path = normalisedPath.toLowerCase(Locale.ROOT);
    for (String hidden : HIDDEN) {
      int at = path.indexOf("/" + hidden);
      if (at >= 0) {
        int end = at + 1 + hidden.length();
        if (end == path.length() || path.charAt(end) == '/' || path.charAt(end) == '.') {
          return true;
        }
      }
    }
    String last = path.substring(path.lastIndexOf('/') + 1);
    for (String segment : LAST_SEGMENTS) {
      if (segment.equals(last) || path.startsWith("/" + segment + "/")) {
        return true;
      }
    }
    return false;
  }
}
