"use client";
// Custom hostnames for the app's web processes, their TLS certificates (served by SNI) and the
// HTTP→HTTPS redirect. The default <app>.<domain> is always there and cannot be removed.
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { apiJson } from "@/components/api.ts";
import { ConfirmButton } from "@/components/confirm-button.tsx";
import { Feedback } from "@/components/feedback.tsx";
import { FieldError, fieldProps } from "@/components/field-error.tsx";
import { isoTime } from "@/components/format.ts";
import { useAction } from "@/components/use-action.ts";

interface Domain {
  hostname: string;
  default: boolean;
  url: string;
  httpsUrl: string | null;
  certExpiresAt: string | null;
  certificate: { names: string[]; issuer: string; fingerprint: string } | null;
  redirectHttps: boolean;
}

const DAY = 24 * 3600 * 1000;

function Expiry({ at }: { at: string }) {
  const days = Math.floor((new Date(at).getTime() - Date.now()) / DAY);
  const cls = days < 0 ? "badge-err" : days < 21 ? "badge-warn" : "badge-ok";
  return <span className={`badge ${cls}`} title={isoTime(at)} suppressHydrationWarning>{days < 0 ? "expired" : `expires in ${days} d`}</span>;
}

export function DomainsEditor({ app, domains }: { app: string; domains: Domain[] }) {
  const router = useRouter();
  const add = useAction({ fields: ["hostname"], fallback: "hostname" });
  const [hostname, setHostname] = useState("");
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void add.run(async () => {
      const d = await apiJson<Domain>("POST", `/api/v1/apps/${app}/domains`, { hostname: hostname.trim() });
      setHostname("");
      router.refresh();
      return `${d.hostname} now routes to ${app}. Point its DNS at this Berth.`;
    });
  };
  return (
    <div className="stack">
      <section className="card stack-sm" aria-labelledby="domains-heading">
        <h2 id="domains-heading">Domains</h2>
        <div className="stack">
          {domains.map((d) => <DomainRow key={d.hostname} app={app} domain={d} />)}
        </div>
      </section>
      <section className="card stack-sm" aria-labelledby="add-domain-heading">
        <h2 id="add-domain-heading">Add a domain</h2>
        <form className="inline" onSubmit={submit} noValidate>
          <div className="field">
            <label htmlFor="hostname">Hostname</label>
            <input id="hostname" className="input input-mono" placeholder="www.example.com" value={hostname} onChange={(e) => setHostname(e.target.value)} autoCapitalize="none" spellCheck={false}
              maxLength={300} {...fieldProps(add, "hostname", "hostname")} />
            <FieldError state={add} name="hostname" inputId="hostname" />
          </div>
          <button type="submit" className="btn btn-primary" disabled={add.pending || !hostname.trim()}>Add domain</button>
        </form>
        <Feedback state={add} pendingLabel="Adding…" />
      </section>
    </div>
  );
}

function DomainRow({ app, domain }: { app: string; domain: Domain }) {
  const router = useRouter();
  const action = useAction({ fields: ["certificate", "privateKey"] });
  const [certOpen, setCertOpen] = useState(false);
  const [pem, setPem] = useState({ certificate: "", privateKey: "" });
  const base = `/api/v1/apps/${app}/domains/${encodeURIComponent(domain.hostname)}`;
  const call = (method: string, path: string, body: unknown, done: string) =>
    action.run(async () => {
      await apiJson(method, path, body);
      router.refresh();
      return done;
    });
  const upload = (e: FormEvent) => {
    e.preventDefault();
    void call("PUT", `${base}/certificate`, pem, `The certificate for ${domain.hostname} is served now.`).then((ok) => {
      if (ok) {
        setCertOpen(false);
        setPem({ certificate: "", privateKey: "" });
      }
    });
  };
  return (
    <div className="stack-sm" style={{ borderBottom: "1px solid var(--border)", paddingBottom: 12 }} data-domain={domain.hostname}>
      <div className="row-between">
        <div className="row">
          <a className="mono" href={domain.url} target="_blank" rel="noreferrer"><strong>{domain.hostname}</strong></a>
          {domain.default ? <span className="badge badge-plain">default</span> : null}
          {domain.certExpiresAt ? <Expiry at={domain.certExpiresAt} /> : null}
          {domain.redirectHttps ? <span className="badge badge-plain">HTTP → HTTPS</span> : null}
        </div>
        {domain.default ? null : (
          <div className="row">
            <button type="button" className="btn btn-sm" onClick={() => setCertOpen(!certOpen)} aria-expanded={certOpen}>{domain.certificate ? "Replace certificate" : "Add certificate"}</button>
            {domain.certificate ? (
              <>
                <button type="button" className="btn btn-sm" disabled={action.pending}
                  onClick={() => call("PATCH", base, { redirectHttps: !domain.redirectHttps }, domain.redirectHttps ? "Plain HTTP is served again." : "HTTP requests are redirected to HTTPS.")}>
                  {domain.redirectHttps ? "Stop redirecting" : "Redirect HTTP to HTTPS"}
                </button>
                <ConfirmButton small label="Remove certificate" title={`Remove the certificate of ${domain.hostname}?`} confirmLabel="Remove certificate" danger disabled={action.pending}
                  onConfirm={() => void call("DELETE", `${base}/certificate`, undefined, "Certificate removed.")}>
                  <p>{domain.hostname} is served over plain HTTP only{domain.redirectHttps ? ", and HTTP is no longer redirected" : ""}.</p>
                </ConfirmButton>
              </>
            ) : null}
            <ConfirmButton small label="Remove" title={`Remove ${domain.hostname} from ${app}?`} confirmLabel="Remove domain" danger disabled={action.pending}
              onConfirm={() => void call("DELETE", base, undefined, `${domain.hostname} removed.`)}>
              <p>The router stops sending {domain.hostname} to {app}{domain.certificate ? ", and its certificate is removed" : ""}.</p>
            </ConfirmButton>
          </div>
        )}
      </div>
      {domain.certificate ? <p className="subtle">Certificate for {domain.certificate.names.join(", ")} · issued by {domain.certificate.issuer}</p> : null}
      {certOpen ? (
        <form className="stack-sm" onSubmit={upload}>
          <div className="field">
            <label htmlFor={`cert-${domain.hostname}`}>Certificate chain (PEM)</label>
            <textarea id={`cert-${domain.hostname}`} className="input" value={pem.certificate} onChange={(e) => setPem({ ...pem, certificate: e.target.value })} placeholder="-----BEGIN CERTIFICATE-----"
              maxLength={64 * 1024} {...fieldProps(action, "certificate", `cert-${domain.hostname}`)} />
            <FieldError state={action} name="certificate" inputId={`cert-${domain.hostname}`} />
          </div>
          <div className="field">
            <label htmlFor={`key-${domain.hostname}`}>Private key (PEM)</label>
            <textarea id={`key-${domain.hostname}`} className="input" value={pem.privateKey} onChange={(e) => setPem({ ...pem, privateKey: e.target.value })} placeholder="-----BEGIN PRIVATE KEY-----"
              maxLength={16 * 1024} {...fieldProps(action, "privateKey", `key-${domain.hostname}`)} />
            <FieldError state={action} name="privateKey" inputId={`key-${domain.hostname}`} />
          </div>
          <div><button type="submit" className="btn btn-primary" disabled={action.pending}>Upload certificate</button></div>
        </form>
      ) : null}
      <Feedback state={action} pendingLabel="Saving…" />
    </div>
  );
}
