"use client";
// Scale and size per process type. A change is desired state: the processes list below shows
// the containers following it.
import { useRouter } from "next/navigation";
import { useState } from "react";
import { apiJson } from "@/components/api.ts";
import { Feedback } from "@/components/feedback.tsx";
import { FieldError, fieldProps } from "@/components/field-error.tsx";
import { useAction } from "@/components/use-action.ts";

interface Entry {
  type: string;
  quantity: number;
  size: string;
  command: string;
}

export function FormationPanel({ app, formation, sizes, maxQuantity }: { app: string; formation: Entry[]; sizes: { name: string; label: string }[]; maxQuantity: number }) {
  if (formation.length === 0) {
    return (
      <section className="card stack-sm" aria-labelledby="formation-heading">
        <h2 id="formation-heading">Formation</h2>
        <p className="subtle">No process types yet: they come from the first build (its Procfile, or a Dockerfile's command as web).</p>
      </section>
    );
  }
  return (
    <section className="card stack-sm" aria-labelledby="formation-heading">
      <h2 id="formation-heading">Formation</h2>
      <div role="list" aria-label="Formation">
        {formation.map((f) => <FormationRow key={f.type} app={app} entry={f} sizes={sizes} maxQuantity={maxQuantity} />)}
      </div>
    </section>
  );
}

function FormationRow({ app, entry, sizes, maxQuantity }: { app: string; entry: Entry; sizes: { name: string; label: string }[]; maxQuantity: number }) {
  const router = useRouter();
  const scale = useAction({ fields: ["quantity", "size"] });
  const restart = useAction();
  const [quantity, setQuantity] = useState(String(entry.quantity));
  const [size, setSize] = useState(entry.size);
  const changed = quantity !== String(entry.quantity) || size !== entry.size;
  const save = () =>
    scale.run(async () => {
      const q = Number(quantity);
      const saved = await apiJson<Entry>("PATCH", `/api/v1/apps/${app}/formation/${entry.type}`, { quantity: Number.isInteger(q) && quantity.trim() !== "" ? q : quantity, size });
      router.refresh();
      return `${entry.type} scaled to ${saved.quantity} × ${saved.size}`;
    });
  const restartType = () =>
    restart.run(async () => {
      const res = await apiJson<{ restarting: string[] }>("DELETE", `/api/v1/apps/${app}/processes/${entry.type}`);
      router.refresh();
      return `Restarting ${res.restarting.join(", ")}`;
    });
  return (
    <div className="formation-row" role="listitem" data-type={entry.type}>
      <div className="what">
        <div className="mono"><strong>{entry.type}</strong></div>
        <div className="mono subtle">{entry.command}</div>
      </div>
      <div className="field">
        <label htmlFor={`qty-${entry.type}`}>Quantity</label>
        <input id={`qty-${entry.type}`} aria-label={`Quantity of ${entry.type}`} className="input input-num" type="number" inputMode="numeric" min={0} max={maxQuantity} value={quantity} onChange={(e) => setQuantity(e.target.value)}
          {...fieldProps(scale, "quantity", `qty-${entry.type}`)}
          onKeyDown={(e) => { if (e.key === "Enter" && changed) void save(); }} />
        <FieldError state={scale} name="quantity" inputId={`qty-${entry.type}`} />
      </div>
      <div className="field">
        <label htmlFor={`size-${entry.type}`}>Size</label>
        <select id={`size-${entry.type}`} aria-label={`Size of ${entry.type}`} className="input" value={size}
          {...fieldProps(scale, "size", `size-${entry.type}`)} onChange={(e) => setSize(e.target.value)}>
          {sizes.map((s) => <option key={s.name} value={s.name}>{s.label}</option>)}
        </select>
        <FieldError state={scale} name="size" inputId={`size-${entry.type}`} />
      </div>
      <div className="row">
        <button type="button" className="btn btn-primary" onClick={save} disabled={!changed || scale.pending}>Save</button>
        <button type="button" className="btn" onClick={restartType} disabled={restart.pending || entry.quantity === 0}>Restart {entry.type}</button>
      </div>
      <div style={{ flexBasis: "100%" }} className="stack-sm">
        <Feedback state={scale} pendingLabel="Scaling…" />
        <Feedback state={restart} pendingLabel="Restarting…" />
      </div>
    </div>
  );
}
