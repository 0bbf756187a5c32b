package com.example.shop;

/** An app's class hierarchy, outside the agent's own packages (which the installer never looks at). */
public final class ShopTypes {
  private ShopTypes() {}

  public interface Root {}

  public interface ExtendsRoot extends Root {}

  public static class Middle implements Root {}

  public static class Leaf extends Middle {}

  public static class OtherLeaf extends Middle {}

  public static class ThroughInterface implements ExtendsRoot {}

  public static class Unrelated {}
}
