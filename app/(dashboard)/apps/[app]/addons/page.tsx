import { orNotFound } from "@/app/_lib/load.ts";
import { requireSession } from "@/app/_lib/session.ts";
import { listAppAddons } from "@/lib/addons/list-addons.ts";
import { listServices } from "@/lib/addons/registry.ts";
import { AddonCard, type AddonView } from "./addon-card.tsx";
import { Catalog } from "./catalog.tsx";
import { appTitle } from "@/app/_lib/app-title.ts";

export const generateMetadata = appTitle("Add-ons");

export default async function AddonsPage({ params }: { params: Promise<{ app: string }> }) {
  const session = await requireSession();
  const { app } = await params;
  const addons = await orNotFound(listAppAddons(session.actor, app));
  return (
    <div className="stack">
      <section className="stack-sm" aria-labelledby="attached-heading">
        <h2 id="attached-heading">Attached add-ons</h2>
        {addons.length === 0 ? <p className="card subtle">None yet. Add one from the catalog below: it gets its own container and volume, and the app finds it through a config var.</p> : null}
        {addons.map((a) => <AddonCard key={a.name} app={app} addon={JSON.parse(JSON.stringify(a)) as AddonView} />)}
      </section>
      <Catalog app={app} services={listServices()} />
    </div>
  );
}
