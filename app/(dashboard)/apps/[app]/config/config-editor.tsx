"use client";
// Config vars: values stay masked until revealed; add, edit, remove, or paste a .env. Every save
// is one PATCH, which makes one new release, followed here until it is live. Each form has its own
// action, so a refusal sits next to the input it is about (a pasted line by its number).
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { ApiError, apiJson } from "@/components/api.ts";
import { ConfirmButton } from "@/components/confirm-button.tsx";
import { describeProblems, parseDotenv } from "@/components/dotenv.ts";
import { Feedback } from "@/components/feedback.tsx";
import { FieldError, fieldProps } from "@/components/field-error.tsx";
import { ReleaseProgress } from "@/components/release-progress.tsx";
import { inputError, useAction } from "@/components/use-action.ts";
import { MAX_VALUE_LENGTH } from "@/lib/config/env-name.ts";

type Action = ReturnType<typeof useAction>;

export function ConfigEditor({ app, values }: { app: string; values: Record<string, string> }) {
  const router = useRouter();
  const [revealed, setRevealed] = useState<Set<string>>(new Set());
  const [editing, setEditing] = useState<{ key: string; value: string } | null>(null);
  const [added, setAdded] = useState({ key: "", value: "" });
  const [bulk, setBulk] = useState("");
  // After a refused paste: the lines that were fine, ready to save without the bad ones.
  const [goodLines, setGoodLines] = useState<{ vars: Record<string, string>; lines: number[] } | null>(null);
  const [release, setRelease] = useState<{ version: number; what: string } | null>(null);
  // The API names the var at fault (its key): the add form's name, the row being edited, a pasted line.
  const adding = useAction({ fields: (f) => f === added.key.trim(), fallback: "new-key" });
  const row = useAction({ fields: (f) => f === editing?.key });
  const pasting = useAction({ fields: ["bulk"] });
  const keys = Object.keys(values).sort();

  const pending = adding.pending || row.pending || pasting.pending;
  const patchConfig = async (patch: Record<string, string | null>, what: string, after?: () => void) => {
    setRelease(null);
    await apiJson("PATCH", `/api/v1/apps/${app}/config-vars`, patch);
    const [newest] = await apiJson<{ version: number }[]>("GET", `/api/v1/apps/${app}/releases`);
    after?.();
    if (newest) setRelease({ version: newest.version, what });
    router.refresh();
  };
  const save = (action: Action, patch: Record<string, string | null>, what: string, after?: () => void) => action.run(() => patchConfig(patch, what, after));

  const toggle = (key: string) => setRevealed((prev) => {
    const next = new Set(prev);
    if (next.has(key)) next.delete(key);
    else next.add(key);
    return next;
  });

  const addVar = (e: FormEvent) => {
    e.preventDefault();
    const key = added.key.trim();
    void save(adding, { [key]: added.value }, `Set ${key}`, () => setAdded({ key: "", value: "" }));
  };

  const setVars = (vars: Record<string, string>, after: () => void) => patchConfig(vars, `Set ${Object.keys(vars).length} var${Object.keys(vars).length === 1 ? "" : "s"}`, after);
  const pasteVars = (e: FormEvent) => {
    e.preventDefault();
    const { values: parsed, lineOf, bad } = parseDotenv(bulk);
    void pasting.run(async () => {
      setGoodLines(null);
      if (bad.length) {
        if (Object.keys(parsed).length) setGoodLines({ vars: parsed, lines: Object.values(lineOf) });
        throw inputError("bulk", describeProblems(bad));
      }
      try {
        await setVars(parsed, () => setBulk(""));
      } catch (err) {
        // The API refused one var (its limits are its own to check): name its line, keep the rest.
        const line = err instanceof ApiError && err.field !== null && Object.hasOwn(lineOf, err.field) ? lineOf[err.field] : undefined;
        if (line === undefined || !(err instanceof ApiError)) throw err;
        const rest = Object.keys(parsed).filter((k) => k !== err.field);
        if (rest.length) setGoodLines({ vars: Object.fromEntries(rest.map((k) => [k, parsed[k]!])), lines: rest.map((k) => lineOf[k]!) });
        throw inputError("bulk", `line ${line}: ${err.message}`);
      }
    });
  };
  // Saves the good lines and leaves only the others in the box, to be fixed.
  const saveGoodLines = () => {
    const good = goodLines;
    if (!good) return;
    const saved = new Set(good.lines);
    void pasting.run(() => setVars(good.vars, () => {
      setGoodLines(null);
      setBulk(bulk.split(/\r?\n/).filter((_, i) => !saved.has(i + 1)).join("\n"));
    }));
  };

  return (
    <div className="stack">
      <div aria-live="polite" className="stack-sm">
        <Feedback state={adding} pendingLabel="Saving…" />
        <Feedback state={row} pendingLabel="Saving…" />
        <Feedback state={pasting} pendingLabel="Saving…" />
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
                        <form className="row" onSubmit={(e) => { e.preventDefault(); void save(row, { [key]: editing.value }, `Set ${key}`, () => setEditing(null)); }}>
                          <label className="sr-only" htmlFor={`edit-${key}`}>New value of {key}</label>
                          <input id={`edit-${key}`} className="input input-mono grow" autoFocus value={editing.value} onChange={(e) => setEditing({ key, value: e.target.value })}
                            maxLength={MAX_VALUE_LENGTH} {...fieldProps(row, key, `edit-${key}`)} onKeyDown={(e) => { if (e.key === "Escape") setEditing(null); }} />
                          <button type="submit" className="btn btn-sm btn-primary" disabled={pending}>Save</button>
                          <button type="button" className="btn btn-sm" onClick={() => setEditing(null)}>Cancel</button>
                          <FieldError state={row} name={key} inputId={`edit-${key}`} />
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
                        <ConfirmButton small danger label="Remove" title={`Remove ${key}?`} confirmLabel={`Remove ${key}`} disabled={pending}
                          onConfirm={() => void save(row, { [key]: null }, `Removed ${key}`)}>
                          <p>This makes a new release without {key}; the processes restart with it.</p>
                        </ConfirmButton>
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
                maxLength={255} {...fieldProps(adding, adding.field === "new-key" ? "new-key" : added.key.trim(), "new-key")} onChange={(e) => setAdded({ ...added, key: e.target.value })} />
              <FieldError state={adding} name={adding.field === "new-key" ? "new-key" : added.key.trim()} inputId="new-key" />
            </div>
            <div className="field">
              <label htmlFor="new-value">Value</label>
              <input id="new-value" className="input input-mono" value={added.value} spellCheck={false} maxLength={MAX_VALUE_LENGTH} onChange={(e) => setAdded({ ...added, value: e.target.value })} />
            </div>
            <div><button type="submit" className="btn btn-primary" disabled={pending || !added.key.trim()}>Set var</button></div>
          </form>
        </section>
        <section className="card stack-sm" aria-labelledby="bulk-heading">
          <h2 id="bulk-heading">Paste a .env</h2>
          <form className="stack-sm" onSubmit={pasteVars}>
            <label htmlFor="bulk" className="sr-only">.env text</label>
            <textarea id="bulk" className="input" value={bulk} onChange={(e) => { setBulk(e.target.value); setGoodLines(null); }} placeholder={"DATABASE_URL=postgres://…\nLOG_LEVEL=info"} spellCheck={false}
              {...fieldProps(pasting, "bulk", "bulk")} />
            <FieldError state={pasting} name="bulk" inputId="bulk" />
            <div className="row">
              <button type="submit" className="btn btn-primary" disabled={pending || !bulk.trim()}>Set all</button>
              {goodLines && pasting.field === "bulk" ? (
                <button type="button" className="btn" disabled={pending} onClick={saveGoodLines}>
                  Set the {goodLines.lines.length} good line{goodLines.lines.length === 1 ? "" : "s"} only
                </button>
              ) : null}
            </div>
          </form>
        </section>
      </div>
    </div>
  );
}
