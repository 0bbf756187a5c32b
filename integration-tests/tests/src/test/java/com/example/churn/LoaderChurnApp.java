package com.example.churn;

import java.lang.ref.WeakReference;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;

/**
 * An app that, like a server redeploying a webapp, loads its login code in a fresh class loader
 * again and again, uses it once and lets the loader go. With the agent attached the login class is
 * woven every time ({@code login.methods} names it); then every loader must still be collectable.
 * Outside {@code dev.vigil}, whose classes the agent never instruments.
 */
public class LoaderChurnApp {
  public static final int ROUNDS = 40;

  /** The login check the policy names; its class is loaded anew by each round's loader. */
  public static class Accounts {
    public boolean signIn(String user, String password) {
      return "right".equals(password);
    }
  }

  public static void main(String[] args) throws Exception {
    URL classes = LoaderChurnApp.class.getProtectionDomain().getCodeSource().getLocation();
    List<WeakReference<ClassLoader>> loaders = new ArrayList<>();
    for (int i = 0; i < ROUNDS; i++) {
      loaders.add(oneRound(classes));
    }
    for (int i = 0; i < 100 && alive(loaders) > 0; i++) {
      System.gc();
      Thread.sleep(50);
    }
    System.out.println("loaders alive: " + alive(loaders) + " of " + ROUNDS);
  }

  private static WeakReference<ClassLoader> oneRound(URL classes) throws Exception {
    URLClassLoader loader = new URLClassLoader(new URL[] {classes}, null);
    Class<?> accounts = Class.forName(Accounts.class.getName(), true, loader);
    Object check = accounts.getConstructor().newInstance();
    Object result = accounts.getMethod("signIn", String.class, String.class).invoke(check, "alice", "wrong");
    if (!Boolean.FALSE.equals(result)) {
      throw new IllegalStateException("the app's own answer changed: " + result);
    }
    loader.close();
    return new WeakReference<ClassLoader>(loader);
  }

  private static long alive(List<WeakReference<ClassLoader>> loaders) {
    return loaders.stream().filter(loader -> loader.get() != null).count();
  }
}
