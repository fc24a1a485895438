import { orNotFound } from "@/app/_lib/load.ts";
import { requireSession } from "@/app/_lib/session.ts";
import { showApp } from "@/lib/apps/app-view.ts";
import { LOG_SOURCES } from "@/lib/logs/log-line.ts";
import { LogTail } from "./log-tail.tsx";
import { appTitle } from "@/app/_lib/app-title.ts";

export const generateMetadata = appTitle("Logs");

export default async function LogsPage({ params }: { params: Promise<{ app: string }> }) {
  const session = await requireSession();
  const app = await orNotFound(showApp(session.actor, (await params).app));
  return <LogTail app={app.name} sources={[...LOG_SOURCES]} />;
}
