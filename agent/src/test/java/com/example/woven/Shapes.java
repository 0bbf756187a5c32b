package com.example.woven;

import java.io.IOException;

/** Methods of the shapes the weaver must keep valid, under two unrelated roots. */
public final class Shapes {
  private Shapes() {}

  public interface Handler {
    String handle(String input) throws Exception;
  }

  public interface OtherHandler {
    String handle(String input) throws Exception;
  }

  public static class Plain implements Handler {
    public static int bodyRuns;

    @Override
    public String handle(String input) throws IOException {
      bodyRuns++;
      if ("fail".equals(input)) {
        throw new IOException("the app's own failure");
      }
      return "plain " + input;
    }
  }

  /** Under both roots: two modules advise the same method. */
  public static class Both implements Handler, OtherHandler {
    @Override
    public String handle(String input) {
      return "both " + input;
    }
  }

  /** Branch targets at the first instruction, own handlers, several returns, wide and two-slot locals. */
  public static class Tangled implements Handler {
    @Override
    public String handle(String input) {
      int i = 0;
      while (i < input.length() && input.charAt(i) == ' ') {
        i++;
      }
      long total = 0L;
      double half = 0.5;
      try {
        total = Long.parseLong(input.trim());
      } catch (NumberFormatException e) {
        return "not a number: " + input.trim();
      } finally {
        half += 1;
      }
      if (total > 100) {
        return "big " + (total + (long) half);
      }
      switch ((int) total) {
        case 1:
          return "one";
        case 2:
          return "two";
        default:
          return "small " + total;
      }
    }

    public static long sum(long a, double b, int c) {
      while (a < 0) {
        a++;
      }
      return a + (long) b + c;
    }

    public boolean check(int value) {
      return value > 3;
    }
  }
}
