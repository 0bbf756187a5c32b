package com.example.shop;

/** An app's class hierarchy, outside the agent's own packages (which the installer never looks at). */
public final class ShopTypes {
  private ShopTypes() {}

  public interface Root {
    void handle();
  }

  public interface ExtendsRoot extends Root {}

  public static class Middle implements Root {
    @Override
    public void handle() {}
  }

  public static class Leaf extends Middle {
    @Override
    public void handle() {}
  }

  public static class OtherLeaf extends Middle {
    @Override
    public void handle() {}
  }

  /** Below a root, but declares no advised method. */
  public static class Quiet extends Middle {
    public void rest() {}
  }

  public static class ThroughInterface implements ExtendsRoot {
    @Override
    public void handle() {}
  }

  public static class Unrelated {
    public void handle() {}
  }
}
