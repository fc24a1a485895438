import { orNotFound } from "@/app/_lib/load.ts";
import { requireSession } from "@/app/_lib/session.ts";
import { showApp } from "@/lib/apps/app-view.ts";
import { MetricsCharts } from "./metrics-charts.tsx";
import { appTitle } from "@/app/_lib/app-title.ts";

export const generateMetadata = appTitle("Metrics");

export default async function MetricsPage({ params }: { params: Promise<{ app: string }> }) {
  const session = await requireSession();
  const app = await orNotFound(showApp(session.actor, (await params).app));
  return <MetricsCharts app={app.name} />;
}
