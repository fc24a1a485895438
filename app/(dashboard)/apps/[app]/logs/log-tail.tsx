"use client";
// Live tail of an app's log over server-sent events. EventSource reconnects by itself and sends
// the last event id, from which the server resumes, so a dropped connection loses no line.
// Filters reopen the stream; search, pause and "jump to latest" work on the lines loaded here.
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { ansiSpans, stripAnsi } from "@/components/ansi.tsx";

interface Line {
  id: string;
  time: string;
  source: string;
  process: string;
  text: string;
}

type Connection = "connecting" | "live" | "reconnecting" | "failed";

const KEEP = 5000;
const PROCESS = /^[a-z][a-z0-9_-]{0,39}(\.[a-z0-9-]{1,20})?$/;

export function LogTail({ app, sources }: { app: string; sources: string[] }) {
  const [lines, setLines] = useState<Line[]>([]);
  const [held, setHeld] = useState<Line[]>([]);
  const [paused, setPaused] = useState(false);
  const [connection, setConnection] = useState<Connection>("connecting");
  const [chosen, setChosen] = useState<Set<string>>(new Set(sources));
  const [processInput, setProcessInput] = useState("");
  const [processFilter, setProcessFilter] = useState("");
  const [search, setSearch] = useState("");
  const [atBottom, setAtBottom] = useState(true);
  const pausedRef = useRef(paused);
  pausedRef.current = paused;
  const box = useRef<HTMLDivElement>(null);

  const processError = processFilter && !processFilter.split(",").every((p) => PROCESS.test(p.trim())) ? "a process type like web, or a process like web.1" : null;
  const query = useMemo(() => {
    const q = new URLSearchParams({ lines: "500", tail: "true" });
    if (chosen.size < sources.length) q.set("source", [...chosen].join(","));
    if (processFilter && !processError) q.set("process", processFilter);
    return q.toString();
  }, [chosen, sources.length, processFilter, processError]);

  useEffect(() => {
    if (chosen.size === 0) {
      setLines([]);
      setConnection("live");
      return;
    }
    setLines([]);
    setHeld([]);
    setConnection("connecting");
    const events = new EventSource(`/api/v1/apps/${app}/log-stream?${query}`);
    let pending: Line[] = [];
    // Lines arrive in bursts (the history at once): render them together, once a frame.
    let frame = 0;
    const flush = () => {
      frame = 0;
      const batch = pending;
      pending = [];
      if (pausedRef.current) setHeld((prev) => prev.concat(batch).slice(-KEEP));
      else setLines((prev) => prev.concat(batch).slice(-KEEP));
    };
    events.onopen = () => setConnection("live");
    events.onmessage = (e) => {
      try {
        pending.push(JSON.parse(e.data) as Line);
      } catch {
        return;
      }
      if (!frame) frame = requestAnimationFrame(flush);
    };
    events.onerror = () => setConnection(events.readyState === EventSource.CLOSED ? "failed" : "reconnecting");
    return () => {
      events.close();
      cancelAnimationFrame(frame);
    };
  }, [app, query, chosen.size]);

  const resume = () => {
    setLines((prev) => prev.concat(held).slice(-KEEP));
    setHeld([]);
    setPaused(false);
  };

  const needle = search.trim().toLowerCase();
  const shown = needle ? lines.filter((l) => `${l.source} ${l.process} ${stripAnsi(l.text)}`.toLowerCase().includes(needle)) : lines;

  useLayoutEffect(() => {
    const el = box.current;
    if (el && atBottom) el.scrollTop = el.scrollHeight;
  }, [shown, atBottom]);

  const jump = () => {
    setAtBottom(true);
    const el = box.current;
    if (el) el.scrollTop = el.scrollHeight;
  };

  const toggleSource = (s: string) => setChosen((prev) => {
    const next = new Set(prev);
    if (next.has(s)) next.delete(s);
    else next.add(s);
    return next;
  });

  return (
    <div className="stack-sm">
      <div className="card stack-sm">
        <div className="row-between">
          <fieldset className="row" style={{ border: 0, padding: 0, margin: 0 }}>
            <legend className="sr-only">Sources</legend>
            {sources.map((s) => (
              <label key={s} className="checkbox"><input type="checkbox" checked={chosen.has(s)} onChange={() => toggleSource(s)} /> {s}</label>
            ))}
          </fieldset>
          <ConnectionBadge state={connection} />
        </div>
        <div className="row">
          <form className="row" onSubmit={(e) => { e.preventDefault(); setProcessFilter(processInput.trim()); }}>
            <label htmlFor="log-process" className="sr-only">Process</label>
            <input id="log-process" className="input input-mono" style={{ width: "11rem" }} placeholder="process: web or web.1" value={processInput}
              aria-invalid={processError ? true : undefined} aria-describedby={processError ? "log-process-error" : undefined} onChange={(e) => setProcessInput(e.target.value)} onBlur={() => setProcessFilter(processInput.trim())} />
          </form>
          <label htmlFor="log-search" className="sr-only">Search the loaded lines</label>
          <input id="log-search" type="search" className="input grow" style={{ minWidth: 140 }} placeholder="Search loaded lines" value={search} onChange={(e) => setSearch(e.target.value)} />
          {paused ? (
            <button type="button" className="btn btn-primary" onClick={resume}>Resume{held.length ? ` (${held.length} new)` : ""}</button>
          ) : (
            <button type="button" className="btn" onClick={() => setPaused(true)}>Pause</button>
          )}
        </div>
        {processError ? <p id="log-process-error" className="alert alert-error" role="alert">Process filter: {processError}.</p> : null}
        {needle ? <p className="subtle" role="status">{shown.length} of {lines.length} loaded lines match.</p> : null}
      </div>
      <div style={{ position: "relative" }}>
        <div ref={box} className="log" role="log" aria-label="Log lines" aria-live="off" tabIndex={0} style={{ maxHeight: "65vh", minHeight: 300 }}
          onScroll={(e) => {
            const el = e.currentTarget;
            setAtBottom(el.scrollHeight - el.scrollTop - el.clientHeight < 40);
          }}>
          {shown.length === 0 ? <div className="dim">{chosen.size === 0 ? "Choose at least one source." : connection === "live" ? "No lines yet. New ones appear here as they are written." : "Connecting…"}</div> : null}
          {shown.map((l) => <LogLine key={l.id} line={l} />)}
        </div>
        {!atBottom && shown.length ? (
          <button type="button" className="btn btn-sm btn-primary" style={{ position: "absolute", right: 16, bottom: 16 }} onClick={jump}>Jump to latest ↓</button>
        ) : null}
      </div>
    </div>
  );
}

const SOURCE_COLOUR: Record<string, string> = { app: "ansi-36", router: "ansi-35", build: "ansi-33", berth: "ansi-94", addon: "ansi-32" };

function LogLine({ line }: { line: Line }) {
  const time = line.time.slice(11, 23);
  return (
    <div data-source={line.source}>
      <span className="dim" title={line.time}>{time}</span>{" "}
      <span className={SOURCE_COLOUR[line.source]}>{line.source}{line.process ? `[${line.process}]` : ""}:</span>{" "}
      {ansiSpans(line.text).nodes}
    </div>
  );
}

function ConnectionBadge({ state }: { state: Connection }) {
  const map: Record<Connection, [string, string]> = {
    connecting: ["badge-info", "connecting…"],
    live: ["badge-ok", "live"],
    reconnecting: ["badge-warn", "reconnecting…"],
    failed: ["badge-err", "disconnected: reload the page"],
  };
  const [cls, label] = map[state];
  return <span className={`badge ${cls}`} role="status" data-connection={state}>{label}</span>;
}
