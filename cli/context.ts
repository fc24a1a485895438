// What every command gets: its parsed arguments, the API client, and the app it is about.
import { ApiClient, currentLogin } from "./api-client.ts";
import type { Flags } from "./args.ts";
import { CliError } from "./errors.ts";
import { appOfRemote, DEFAULT_REMOTE } from "./git.ts";

export class Context {
  private client: ApiClient | null = null;

  constructor(
    readonly flags: Flags,
    readonly args: string[],
  ) {}

  get json(): boolean {
    return this.flags.json === true;
  }

  api(): ApiClient {
    return (this.client ??= new ApiClient(currentLogin()));
  }

  flag(name: string): string | undefined {
    const v = this.flags[name];
    return typeof v === "string" ? v : undefined;
  }

  /** --app, then BERTH_APP, then the app the git remote (`berth`, or --remote) points at. */
  async app(): Promise<string> {
    const given = this.flag("app") ?? process.env.BERTH_APP;
    if (given) return given;
    const remote = this.flag("remote") ?? DEFAULT_REMOTE;
    const fromRemote = await appOfRemote(remote);
    if (fromRemote) return fromRemote;
    throw new CliError(`which app? use --app NAME, or run this in a repository with a \`${remote}\` remote (berth git:remote --app NAME adds one)`, 2);
  }
}

/** Path segment for an app, a process or a hostname given on the command line. */
export const seg = (value: string) => encodeURIComponent(value);
