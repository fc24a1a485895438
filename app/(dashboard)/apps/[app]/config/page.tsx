import { orNotFound } from "@/app/_lib/load.ts";
import { requireSession } from "@/app/_lib/session.ts";
import { getConfigVars } from "@/lib/config/set-config-vars.ts";
import { ConfigEditor } from "./config-editor.tsx";
import { appTitle } from "@/app/_lib/app-title.ts";

export const generateMetadata = appTitle("Config");

export default async function ConfigPage({ params }: { params: Promise<{ app: string }> }) {
  const session = await requireSession();
  const { app } = await params;
  const values = await orNotFound(getConfigVars(session.actor, app));
  return <ConfigEditor app={app} values={values} />;
}
