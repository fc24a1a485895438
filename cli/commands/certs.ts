// certs, certs:add, certs:remove: the TLS certificate the router serves for a custom hostname.
import fs from "node:fs";
import type { Command } from "../command.ts";
import { seg } from "../context.ts";
import { usageError } from "../errors.ts";
import { printJson, printTable, say } from "../output.ts";
import type { DomainView } from "./domains.ts";

function readPem(file: string, what: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (err) {
    throw usageError(`cannot read the ${what} ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

export const certs: Command = {
  name: "certs",
  summary: "list the app's hostnames that have a certificate",
  app: true,
  arity: [0, 0],
  async run(ctx) {
    const list = (await ctx.api().get<DomainView[]>(`/apps/${seg(await ctx.app())}/domains`)).filter((d) => d.certExpiresAt);
    if (ctx.json) return printJson(list);
    if (list.length === 0) return say("No certificates: add one with berth certs:add HOSTNAME CERT_FILE KEY_FILE");
    printTable(["hostname", "expires", "names"], list.map((d) => [d.hostname, d.certExpiresAt!.slice(0, 10), d.certificate?.names.join(" ") ?? ""]));
  },
};

export const certsAdd: Command = {
  name: "certs:add",
  args: "HOSTNAME CERT_FILE KEY_FILE",
  summary: "serve HTTPS for a hostname with a PEM chain (certificate first) and its unencrypted key",
  app: true,
  flags: { "redirect-https": { describe: "also redirect plain HTTP requests to HTTPS" } },
  arity: [3, 3],
  async run(ctx) {
    const [hostname, certFile, keyFile] = ctx.args as [string, string, string];
    const body = { certificate: readPem(certFile, "certificate"), privateKey: readPem(keyFile, "key"), redirectHttps: Boolean(ctx.flags["redirect-https"]) };
    const app = await ctx.app();
    const domain = await ctx.api().put<DomainView>(`/apps/${seg(app)}/domains/${seg(hostname)}/certificate`, body);
    if (ctx.json) return printJson(domain);
    say(`Added a certificate for ${domain.hostname}, valid until ${domain.certExpiresAt?.slice(0, 10)}${domain.httpsUrl ? `: ${domain.httpsUrl}` : ""}`);
  },
};

export const certsRemove: Command = {
  name: "certs:remove",
  args: "HOSTNAME",
  summary: "stop serving HTTPS for a hostname (its key is deleted)",
  app: true,
  arity: [1, 1],
  async run(ctx) {
    const app = await ctx.app();
    await ctx.api().delete(`/apps/${seg(app)}/domains/${seg(ctx.args[0]!)}/certificate`);
    if (ctx.json) return printJson({ hostname: ctx.args[0], certificate: null });
    say(`Removed the certificate of ${ctx.args[0]} from ${app}`);
  },
};
