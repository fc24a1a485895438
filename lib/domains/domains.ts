// An app's domains: its default `<app>.<BERTH_DOMAIN>`, always routed, and the custom hostnames
// its owner adds. Every change reloads the router.
import { db } from "../db.ts";
import { settings } from "../env.ts";
import { conflict, invalid, notFound } from "../errors.ts";
import type { Actor } from "../auth/users.ts";
import { findApp } from "../apps/apps.ts";
import { Prisma } from "../generated/prisma/client.ts";
import { defaultHostname, syncRouterAfterChange } from "../router/sync-router.ts";
import { customDomainView, defaultDomainView } from "./domain-view.ts";
import { addDomainInput, updateDomainInput } from "./schemas.ts";

type App = Awaited<ReturnType<typeof findApp>>;

/** A hostname from a URL path, in stored form (the lookup only ever compares it). */
const fromPath = (hostname: string) => hostname.toLowerCase().replace(/\.$/, "");

export async function listDomains(actor: Actor, appName: string) {
  const app = await findApp(actor, appName);
  const domains = await db.domain.findMany({ where: { appId: app.id }, orderBy: { hostname: "asc" } });
  return [defaultDomainView(app), ...domains.map(customDomainView)];
}

/** The app's custom domain `hostname`; `onDefault` says why the default domain is refused. */
export async function findDomain(app: App, hostname: string, onDefault = "it cannot be changed") {
  const name = fromPath(hostname);
  if (name === defaultHostname(app.name)) throw invalid(`${name} is ${app.name}'s default domain: ${onDefault}`);
  const domain = await db.domain.findFirst({ where: { appId: app.id, hostname: name } });
  if (!domain) throw notFound(`${app.name} has no domain ${name}`);
  return domain;
}

export async function showDomain(actor: Actor, appName: string, hostname: string) {
  const app = await findApp(actor, appName);
  if (fromPath(hostname) === defaultHostname(app.name)) return defaultDomainView(app);
  return customDomainView(await findDomain(app, hostname));
}

export async function addDomain(actor: Actor, appName: string, body: unknown) {
  const app = await findApp(actor, appName);
  const { hostname } = addDomainInput.parse(body);
  // The whole zone is reserved: a name taken now would clash with an app created later.
  if (hostname === settings.domain || hostname.endsWith(`.${settings.domain}`)) {
    throw invalid(`hostnames under ${settings.domain} are reserved for apps' default domains (${app.name}'s is ${defaultHostname(app.name)})`);
  }
  const taken = await db.domain.findUnique({ where: { hostname } });
  if (taken) throw conflict(taken.appId === app.id ? `${hostname} is already a domain of ${app.name}` : `${hostname} is already in use by another app`);
  let domain;
  try {
    domain = await db.domain.create({ data: { appId: app.id, hostname } });
  } catch (err) {
    // Another request added it between the check and the insert.
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") throw conflict(`${hostname} is already in use`);
    throw err;
  }
  await syncRouterAfterChange();
  return customDomainView(domain);
}

export async function removeDomain(actor: Actor, appName: string, hostname: string): Promise<void> {
  const app = await findApp(actor, appName);
  const domain = await findDomain(app, hostname, "it cannot be removed");
  await db.domain.delete({ where: { id: domain.id } });
  await syncRouterAfterChange();
}

/** `{"redirectHttps": bool}`: plain-HTTP requests to the domain are redirected to HTTPS. */
export async function updateDomain(actor: Actor, appName: string, hostname: string, body: unknown) {
  const app = await findApp(actor, appName);
  const domain = await findDomain(app, hostname);
  const { redirectHttps } = updateDomainInput.parse(body);
  if (redirectHttps && !domain.certificate) throw invalid(`${domain.hostname} has no certificate; add one before redirecting to HTTPS`);
  const updated = await db.domain.update({ where: { id: domain.id }, data: { redirectHttps } });
  await syncRouterAfterChange();
  return customDomainView(updated);
}
