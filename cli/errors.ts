// How the CLI fails: one line on stderr, and an exit code scripts can rely on.
export const EXIT = {
  ok: 0,
  /** The request failed: Berth refused it, or could not be reached. */
  failed: 1,
  /** The command line was wrong: unknown command or flag, malformed argument. Nothing was sent. */
  usage: 2,
  /** Interrupted (Ctrl-C). */
  interrupted: 130,
} as const;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failed,
  ) {
    super(message);
    this.name = "CliError";
  }
}

export const usageError = (message: string) => new CliError(message, EXIT.usage);

/** Berth could not be reached (down, restarting, wrong URL): worth trying again for streams. */
export class ConnectionError extends CliError {}
