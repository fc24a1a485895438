import { orNotFound } from "@/app/_lib/load.ts";
import { requireSession } from "@/app/_lib/session.ts";
import { listDomains } from "@/lib/domains/domains.ts";
import { DomainsEditor } from "./domains-editor.tsx";
import { appTitle } from "@/app/_lib/app-title.ts";

export const generateMetadata = appTitle("Domains");

export default async function DomainsPage({ params }: { params: Promise<{ app: string }> }) {
  const session = await requireSession();
  const { app } = await params;
  const domains = await orNotFound(listDomains(session.actor, app));
  return <DomainsEditor app={app} domains={JSON.parse(JSON.stringify(domains))} />;
}
