// login / logout: exchange a username and password for an API token, stored mode 0600.
import readline from "node:readline";
import { ApiClient } from "../api-client.ts";
import type { Command } from "../command.ts";
import { readConfig, removeConfig, writeConfig } from "../config-file.ts";
import { CliError, usageError } from "../errors.ts";
import { say } from "../output.ts";

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8").replace(/\r?\n$/, "");
}

/** Asks on the terminal; `hidden` echoes nothing (passwords). */
function ask(question: string, hidden = false): Promise<string> {
  if (!process.stdin.isTTY) throw usageError(`no terminal to ask for the ${hidden ? "password" : "username"}: use --username and --password-stdin`);
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  if (hidden) (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s) => (s.includes(question) ? process.stderr.write(s) : undefined);
  return new Promise((resolve) =>
    rl.question(question, (answer) => {
      rl.close();
      if (hidden) process.stderr.write("\n");
      resolve(answer);
    }),
  );
}

export const login: Command = {
  name: "login",
  summary: "log in to a Berth server and store the API token",
  flags: {
    url: { value: true, describe: "the server, e.g. http://localhost:3000 (default: the last one, or BERTH_URL)" },
    username: { short: "u", value: true, describe: "the user to log in as" },
    "password-stdin": { describe: "read the password from standard input (for scripts)" },
  },
  arity: [0, 0],
  async run(ctx) {
    const url = (ctx.flag("url") ?? process.env.BERTH_URL ?? readConfig()?.url ?? "http://localhost:3000").replace(/\/+$/, "");
    if (!/^https?:\/\/[^\s/]+/.test(url)) throw usageError(`--url must look like http://host:port (got ${url})`);
    const username = ctx.flag("username") ?? (await ask("Username: "));
    const password = ctx.flags["password-stdin"] ? await readStdin() : await ask("Password: ", true);
    if (!username || !password) throw usageError("give a username and a password");
    let token: string;
    try {
      ({ token } = await new ApiClient({ url, token: "" }).post<{ token: string }>("/auth/token", { username, password }));
    } catch (err) {
      throw new CliError(`login failed: ${(err as Error).message.replace(/: your login is not valid.*$/, "")}`);
    }
    writeConfig({ url, token, username });
    if (ctx.json) process.stdout.write(`${JSON.stringify({ url, username })}\n`);
    else say(`Logged in to ${url} as ${username}`);
  },
};

export const logout: Command = {
  name: "logout",
  summary: "forget the stored login",
  arity: [0, 0],
  async run() {
    removeConfig();
    say("Logged out");
  },
};
