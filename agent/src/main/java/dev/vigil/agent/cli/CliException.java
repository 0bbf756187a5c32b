package dev.vigil.agent.cli;

/** What went wrong, as the one line the command prints before it exits with 1. */
final class CliException extends Exception {
  private static final long serialVersionUID = 1L;

  CliException(String message) {
    super(message);
  }
}
