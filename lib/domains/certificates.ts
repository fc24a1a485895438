// A custom domain's TLS certificate, served by the router with SNI. The private key is stored
// sealed and only unsealed to write the router's certificate file.
import { db } from "../db.ts";
import type { Actor } from "../auth/users.ts";
import { findApp } from "../apps/apps.ts";
import { seal } from "../crypto/secret-box.ts";
import { BerthError, invalid, notFound } from "../errors.ts";
import { checkRouterAcceptsCertificate, syncRouterAfterChange } from "../router/sync-router.ts";
import { checkCertificate } from "./check-certificate.ts";
import { customDomainView } from "./domain-view.ts";
import { findDomain } from "./domains.ts";
import { certificateInput } from "./schemas.ts";

export async function setCertificate(actor: Actor, appName: string, hostname: string, body: unknown) {
  const app = await findApp(actor, appName);
  const domain = await findDomain(app, hostname, "certificates are for custom domains; add one to serve HTTPS");
  const input = certificateInput.parse(body);
  const checked = checkCertificate({ certificate: input.certificate, privateKey: input.privateKey, hostname: domain.hostname });
  // HAProxy's own word, before anything is stored: a file it cannot load would break every reload.
  await checkRouterAcceptsCertificate({ hostname: domain.hostname, certificate: checked.chain, privateKey: checked.privateKey }).catch((err: Error) => {
    // A router host that did not answer says so itself: the certificate is not to blame.
    throw err instanceof BerthError ? err : invalid(`the router cannot use this certificate: ${err.message}`);
  });
  const updated = await db.domain.update({
    where: { id: domain.id },
    data: { certificate: checked.chain, privateKey: seal(checked.privateKey), certExpiresAt: checked.expiresAt, redirectHttps: input.redirectHttps ?? domain.redirectHttps },
  });
  await syncRouterAfterChange();
  return customDomainView(updated);
}

export async function removeCertificate(actor: Actor, appName: string, hostname: string) {
  const app = await findApp(actor, appName);
  const domain = await findDomain(app, hostname);
  if (!domain.certificate) throw notFound(`${domain.hostname} has no certificate`);
  // Without a certificate a redirect to HTTPS would lead nowhere: it goes too.
  const updated = await db.domain.update({ where: { id: domain.id }, data: { certificate: null, privateKey: null, certExpiresAt: null, redirectHttps: false } });
  await syncRouterAfterChange();
  return customDomainView(updated);
}
