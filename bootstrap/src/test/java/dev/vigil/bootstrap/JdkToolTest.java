package dev.vigil.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JdkToolTest {
  @Test
  void jdkToolsThatInheritJavaToolOptionsAreSkipped() {
    assertThat(JdkTool.isTool("jdk.jcmd", "jdk.jcmd/sun.tools.jcmd.JCmd 1234 help")).isTrue();
    assertThat(JdkTool.isTool(null, "sun.tools.jps.Jps -l")).isTrue();
    assertThat(JdkTool.isTool(null, "java.base/sun.security.tools.keytool.Main -list")).isTrue();
    assertThat(JdkTool.isTool("jdk.compiler", "jdk.compiler/com.sun.tools.javac.Main")).isTrue();
  }

  @Test
  void applicationsAreProtected() {
    assertThat(JdkTool.isTool(null, "/srv/app.jar --port 8080")).isFalse();
    assertThat(JdkTool.isTool(null, "com.example.Main")).isFalse();
    assertThat(JdkTool.isTool(null, "org.springframework.boot.loader.launch.JarLauncher")).isFalse();
    assertThat(JdkTool.isTool(null, null)).isFalse();
    // single-file source programs: java Service.java (Java 17 and Java 22+ launcher class names)
    assertThat(JdkTool.isTool("jdk.compiler", "jdk.compiler/com.sun.tools.javac.launcher.Main Service.java 8080")).isFalse();
    assertThat(JdkTool.isTool("jdk.compiler", "jdk.compiler/com.sun.tools.javac.launcher.SourceLauncher Service.java")).isFalse();
  }
}
