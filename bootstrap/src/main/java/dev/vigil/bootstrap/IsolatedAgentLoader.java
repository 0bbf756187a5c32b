package dev.vigil.bootstrap;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.Collections;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Loads the agent's own code and its (relocated) libraries from {@code inst/} in the agent jar,
 * where classes are stored as {@code .classdata} so no other class loader can see them. The build
 * flattens multi-release jars (relocation does not reach {@code META-INF/versions/}), so one
 * version of each class is all there is.
 */
public final class IsolatedAgentLoader extends ClassLoader {
  static final String PREFIX = "inst/";
  static final String CLASS_SUFFIX = ".classdata";

  static {
    registerAsParallelCapable();
  }

  private final JarFile jar;
  private final String jarUrl;
  private final ProtectionDomain protectionDomain;

  public IsolatedAgentLoader(File agentJar, ClassLoader parent) throws IOException {
    super(parent);
    this.jar = new JarFile(agentJar, false);
    URL url = agentJar.toURI().toURL();
    this.jarUrl = url.toExternalForm();
    this.protectionDomain = new ProtectionDomain(new CodeSource(url, (Certificate[]) null), null, this, null);
  }

  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    JarEntry entry = entry(name.replace('.', '/') + CLASS_SUFFIX);
    if (entry == null) {
      throw new ClassNotFoundException(name);
    }
    try {
      byte[] bytes = read(entry);
      definePackageOf(name);
      return defineClass(name, bytes, 0, bytes.length, protectionDomain);
    } catch (IOException e) {
      throw new ClassNotFoundException(name, e);
    }
  }

  @Override
  protected URL findResource(String name) {
    String path = name.endsWith(".class") ? name.substring(0, name.length() - 6) + CLASS_SUFFIX : name;
    JarEntry entry = entry(path);
    if (entry == null) {
      return null;
    }
    try {
      return new URL("jar:" + jarUrl + "!/" + entry.getName());
    } catch (MalformedURLException e) {
      return null;
    }
  }

  @Override
  protected Enumeration<URL> findResources(String name) {
    URL url = findResource(name);
    return url == null ? Collections.<URL>emptyEnumeration() : Collections.enumeration(Collections.singletonList(url));
  }

  private JarEntry entry(String path) {
    return jar.getJarEntry(PREFIX + path);
  }

  private byte[] read(JarEntry entry) throws IOException {
    InputStream in = jar.getInputStream(entry);
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream(entry.getSize() > 0 ? (int) entry.getSize() : 8192);
      byte[] buffer = new byte[8192];
      for (int n; (n = in.read(buffer)) > 0; ) {
        out.write(buffer, 0, n);
      }
      return out.toByteArray();
    } finally {
      in.close();
    }
  }

  @SuppressWarnings("deprecation")
  private void definePackageOf(String className) {
    int dot = className.lastIndexOf('.');
    if (dot < 0) {
      return;
    }
    String pkg = className.substring(0, dot);
    if (getPackage(pkg) != null) {
      return;
    }
    try {
      definePackage(pkg, null, null, null, null, null, null, null);
    } catch (IllegalArgumentException alreadyDefinedByAnotherThread) {
      // fine: the package exists now
    }
  }
}
