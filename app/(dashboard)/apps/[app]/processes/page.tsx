import { orNotFound } from "@/app/_lib/load.ts";
import { requireSession } from "@/app/_lib/session.ts";
import { SIZES } from "@/lib/deploy/sizes.ts";
import { getFormation, MAX_QUANTITY } from "@/lib/formation/formation.ts";
import { listProcesses } from "@/lib/processes/processes.ts";
import { FormationPanel } from "./formation-panel.tsx";
import { ProcessList } from "./process-list.tsx";
import { RunConsole } from "./run-console.tsx";
import { appTitle } from "@/app/_lib/app-title.ts";

export const generateMetadata = appTitle("Processes");

export default async function ProcessesPage({ params }: { params: Promise<{ app: string }> }) {
  const session = await requireSession();
  const { app } = await params;
  const [formation, processes] = await orNotFound(Promise.all([getFormation(session.actor, app), listProcesses(session.actor, app)]));
  const sizes = Object.entries(SIZES).map(([name, s]) => ({ name, label: `${name} (${s.memoryBytes / 1024 / 1024} MB)` }));
  return (
    <div className="stack">
      <FormationPanel app={app} formation={formation} sizes={sizes} maxQuantity={MAX_QUANTITY} />
      <ProcessList app={app} initial={processes} />
      <RunConsole app={app} />
    </div>
  );
}
