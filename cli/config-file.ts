// Where the CLI keeps its login: ~/.config/berth/config.json (or $BERTH_CONFIG_DIR), mode 0600 in
// a 0700 folder. Git pushes read the token from a credentials file beside it, through git's own
// `store` helper, so it never sits in a repository's .git/config.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export interface CliConfig {
  url: string;
  token: string;
  username?: string;
}

export function configDir(): string {
  if (process.env.BERTH_CONFIG_DIR) return path.resolve(process.env.BERTH_CONFIG_DIR);
  const base = process.env.XDG_CONFIG_HOME || path.join(os.homedir(), ".config");
  return path.join(base, "berth");
}

const configFile = () => path.join(configDir(), "config.json");
export const gitCredentialsFile = () => path.join(configDir(), "git-credentials");

export function readConfig(): CliConfig | null {
  try {
    const parsed = JSON.parse(fs.readFileSync(configFile(), "utf8")) as Partial<CliConfig>;
    return parsed.url && parsed.token ? { url: parsed.url, token: parsed.token, username: parsed.username } : null;
  } catch {
    return null;
  }
}

/** Writes a file only its owner can read, replacing it atomically. */
function writePrivate(file: string, content: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, content, { mode: 0o600 });
  fs.chmodSync(tmp, 0o600);
  fs.renameSync(tmp, file);
}

export function writeConfig(config: CliConfig): void {
  writePrivate(configFile(), `${JSON.stringify(config, null, 2)}\n`);
  // git's credential store: one URL with the token as password per line.
  const url = new URL(config.url);
  url.username = "berth";
  url.password = config.token;
  url.pathname = "";
  writePrivate(gitCredentialsFile(), `${url.toString().replace(/\/$/, "")}\n`);
}

export function removeConfig(): void {
  fs.rmSync(configFile(), { force: true });
  fs.rmSync(gitCredentialsFile(), { force: true });
}
