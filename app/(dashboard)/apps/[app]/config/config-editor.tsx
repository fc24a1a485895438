"use client";
// Config vars: values stay masked until revealed; add, edit, remove, or paste a .env. Every save
// is one PATCH, which makes one new release, followed here until it is live.
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { apiJson } from "@/components/api.ts";
import { parseDotenv } from "@/components/dotenv.ts";
import { Feedback } from "@/components/feedback.tsx";
import { ReleaseProgress } from "@/components/release-progress.tsx";
import { useAction } from "@/components/use-action.ts";

export function ConfigEditor({ app, values }: { app: string; values: Record<string, string> }) {
  const router = useRouter();
  const action = useAction();
  const [revealed, setRevealed] = useState<Set<string>>(new Set());
  const [editing, setEditing] = useState<{ key: string; value: string } | null>(null);
  const [added, setAdded] = useState({ key: "", value: "" });
  const [bulk, setBulk] = useState("");
  const [release, setRelease] = useState<{ version: number; what: string } | null>(null);
  const keys = Object.keys(values).sort();

  const save = (patch: Record<string, string | null>, what: string, after?: () => void) =>
    action.run(async () => {
      setRelease(null);
      await apiJson("PATCH", `/api/v1/apps/${app}/config-vars`, patch);
      const [newest] = await apiJson<{ version: number }[]>("GET", `/api/v1/apps/${app}/releases`);
      after?.();
      if (newest) setRelease({ version: newest.version, what });
      router.refresh();
    });

  const toggle = (key: string) => setRevealed((prev) => {
    const next = new Set(prev);
    if (next.has(key)) next.delete(key);
    else next.add(key);
    return next;
  });

  const addVar = (e: FormEvent) => {
    e.preventDefault();
    const key = added.key.trim();
    void save({ [key]: added.value }, `Set ${key}`, () => setAdded({ key: "", value: "" }));
  };

  const pasteVars = (e: FormEvent) => {
    e.preventDefault();
    const { values: parsed, bad } = parseDotenv(bulk);
    if (bad.length) {
      void action.run(async () => {
        throw new Error(`these lines are not KEY=value: ${bad.slice(0, 3).join(" · ")}${bad.length > 3 ? " …" : ""}`);
      });
      return;
    }
    void save(parsed, `Set ${Object.keys(parsed).length} vars`, () => setBulk(""));
  };

  return (
    <div className="stack">
      <div aria-live="polite" className="stack-sm">
        <Feedback state={action} pendingLabel="Saving…" />
        {release ? <ReleaseProgress key={release.version} app={app} version={release.version} what={release.what} /> : null}
      </div>
      <section className="card stack-sm" aria-labelledby="vars-heading">
        <h2 id="vars-heading">Config vars</h2>
        {keys.length === 0 ? <p className="subtle">No config vars yet. Apps read them as environment variables.</p> : (
          <div className="table-wrap">
            <table className="table" aria-label="Config vars">
              <thead><tr><th scope="col">Name</th><th scope="col">Value</th><th scope="col" className="actions"><span className="sr-only">Actions</span></th></tr></thead>
              <tbody>
                {keys.map((key) => (
                  <tr key={key} data-key={key}>
                    <td className="mono">{key}</td>
                    <td>
                      {editing?.key === key ? (
                        <form className="row" onSubmit={(e) => { e.preventDefault(); void save({ [key]: editing.value }, `Set ${key}`, () => setEditing(null)); }}>
                          <label className="sr-only" htmlFor={`edit-${key}`}>New value of {key}</label>
                          <input id={`edit-${key}`} className="input input-mono grow" autoFocus value={editing.value} onChange={(e) => setEditing({ key, value: e.target.value })}
                            onKeyDown={(e) => { if (e.key === "Escape") setEditing(null); }} />
                          <button type="submit" className="btn btn-sm btn-primary" disabled={action.pending}>Save</button>
                          <button type="button" className="btn btn-sm" onClick={() => setEditing(null)}>Cancel</button>
                        </form>
                      ) : revealed.has(key) ? (
                        <span className="mono">{values[key] === "" ? <em className="subtle">(empty)</em> : values[key]}</span>
                      ) : (
                        <span className="secret" aria-label="hidden value">••••••••</span>
                      )}
                    </td>
                    <td className="actions">
                      <div className="row" style={{ justifyContent: "flex-end" }}>
                        <button type="button" className="btn btn-sm" onClick={() => toggle(key)} aria-pressed={revealed.has(key)}>{revealed.has(key) ? "Hide" : "Reveal"}</button>
                        <button type="button" className="btn btn-sm" onClick={() => setEditing({ key, value: values[key] ?? "" })}>Edit</button>
                        <button type="button" className="btn btn-sm" disabled={action.pending}
                          onClick={() => { if (window.confirm(`Remove ${key}? This makes a new release without it.`)) void save({ [key]: null }, `Removed ${key}`); }}>Remove</button>
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <div className="grid-2">
        <section className="card stack-sm" aria-labelledby="add-heading">
          <h2 id="add-heading">Add a var</h2>
          <form className="stack-sm" onSubmit={addVar} noValidate>
            <div className="field">
              <label htmlFor="new-key">Name</label>
              <input id="new-key" className="input input-mono" value={added.key} autoCapitalize="characters" spellCheck={false} placeholder="GREETING"
                onChange={(e) => setAdded({ ...added, key: e.target.value })} />
            </div>
            <div className="field">
              <label htmlFor="new-value">Value</label>
              <input id="new-value" className="input input-mono" value={added.value} spellCheck={false} onChange={(e) => setAdded({ ...added, value: e.target.value })} />
            </div>
            <div><button type="submit" className="btn btn-primary" disabled={action.pending || !added.key.trim()}>Set var</button></div>
          </form>
        </section>
        <section className="card stack-sm" aria-labelledby="bulk-heading">
          <h2 id="bulk-heading">Paste a .env</h2>
          <form className="stack-sm" onSubmit={pasteVars}>
            <label htmlFor="bulk" className="sr-only">.env text</label>
            <textarea id="bulk" className="input" value={bulk} onChange={(e) => setBulk(e.target.value)} placeholder={"DATABASE_URL=postgres://…\nLOG_LEVEL=info"} spellCheck={false} />
            <div><button type="submit" className="btn btn-primary" disabled={action.pending || !bulk.trim()}>Set all</button></div>
          </form>
        </section>
      </div>
    </div>
  );
}
