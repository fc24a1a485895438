"use client";
// Deploy by upload: drop a .tar.gz (or a folder, packed here) or pick a file; the upload shows
// its progress, then the build log follows live.
import { useRouter } from "next/navigation";
import { useRef, useState, type DragEvent } from "react";
import { csrfToken } from "./api.ts";
import { BuildLog } from "./build-log.tsx";
import { Spinner } from "./feedback.tsx";
import { packTarGz, readDroppedFolder } from "./tarball.ts";
import { readZip, type ZipLimits } from "./unzip.ts";

type Phase =
  | { kind: "idle" }
  | { kind: "packing"; name: string }
  | { kind: "uploading"; name: string; sent: number; total: number }
  | { kind: "building"; buildId: string; done: boolean }
  | { kind: "error"; message: string };

const ARCHIVE = /\.(tar\.gz|tgz)$/i;

export function UploadSource({ app, appUrl, limits }: { app: string; appUrl: string; limits?: ZipLimits }) {
  const router = useRouter();
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const [phase, setPhase] = useState<Phase>({ kind: "idle" });
  const busy = phase.kind === "packing" || phase.kind === "uploading" || (phase.kind === "building" && !phase.done);
  // A finished build's log stays on screen while the next upload starts.
  const [lastBuild, setLastBuild] = useState<string | null>(null);

  const upload = (name: string, body: Blob) => {
    setPhase({ kind: "uploading", name, sent: 0, total: body.size });
    // XMLHttpRequest, not fetch: only it reports upload progress.
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api/v1/apps/${app}/builds`);
    xhr.setRequestHeader("content-type", "application/gzip");
    xhr.setRequestHeader("x-csrf-token", csrfToken());
    xhr.timeout = 30 * 60_000;
    xhr.upload.onprogress = (e) => setPhase({ kind: "uploading", name, sent: e.loaded, total: e.total || body.size });
    xhr.onload = () => {
      let json: { id?: string; message?: string } = {};
      try {
        json = JSON.parse(xhr.responseText);
      } catch {
        // not JSON: the status line says enough
      }
      if (xhr.status === 201 && json.id) {
        setLastBuild(json.id);
        setPhase({ kind: "building", buildId: json.id, done: false });
      }
      else setPhase({ kind: "error", message: json.message ?? `the upload failed: Berth answered ${xhr.status}` });
    };
    xhr.onerror = () => setPhase({ kind: "error", message: "the upload was cut off: check your connection and try again" });
    xhr.ontimeout = () => setPhase({ kind: "error", message: "the upload took longer than 30 minutes and was stopped" });
    xhr.send(body);
  };

  const chooseFile = async (file: File | undefined) => {
    if (!file) return;
    if (/\.zip$/i.test(file.name)) {
      // The API takes .tar.gz: a zip is repacked here first.
      setPhase({ kind: "packing", name: file.name });
      try {
        const files = await readZip(file, limits);
        if (files.length === 0) throw new Error("it holds no files");
        upload(`${file.name} (${files.length} files, repacked as .tar.gz)`, await packTarGz(files));
      } catch (err) {
        setPhase({ kind: "error", message: `could not read ${file.name}: ${(err as Error).message}` });
      }
      return;
    }
    if (!ARCHIVE.test(file.name)) {
      setPhase({ kind: "error", message: `${file.name} is not a .tar.gz or .zip archive: upload one (for example made with: tar -czf app.tar.gz -C my-app .) or drop the app's folder` });
      return;
    }
    upload(file.name, file);
  };

  const onDrop = async (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    if (busy) return;
    const item = e.dataTransfer.items?.[0];
    const entry = item?.webkitGetAsEntry?.();
    if (entry?.isDirectory) {
      setPhase({ kind: "packing", name: entry.name });
      try {
        const files = await readDroppedFolder(entry as FileSystemDirectoryEntry);
        if (files.length === 0) throw new Error(`the folder ${entry.name} is empty`);
        upload(`${entry.name}/ (${files.length} files)`, await packTarGz(files));
      } catch (err) {
        setPhase({ kind: "error", message: `could not read the folder: ${(err as Error).message}` });
      }
      return;
    }
    void chooseFile(e.dataTransfer.files[0]);
  };

  return (
    <div className="stack">
      <div
        className="dropzone"
        data-over={over}
        data-testid="dropzone"
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <p><strong>Drop a .tar.gz or .zip of your app, or its folder, here</strong></p>
        <p className="subtle">The archive holds the app's files at its top level (a Dockerfile, or code a buildpack detects).</p>
        <input ref={input} id="source-file" type="file" accept=".tar.gz,.tgz,.zip,application/gzip,application/zip" className="sr-only" disabled={busy}
          onChange={(e) => {
            void chooseFile(e.target.files?.[0]);
            e.target.value = "";
          }} />
        <label htmlFor="source-file" className={`btn${busy ? "" : " btn-primary"}`} aria-disabled={busy}
          tabIndex={0} onKeyDown={(e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); input.current?.click(); } }}>
          Choose a file…
        </label>
      </div>
      <div aria-live="polite">
        {phase.kind === "packing" ? <Spinner label={`Packing ${phase.name}…`} /> : null}
        {phase.kind === "uploading" ? (
          <div className="stack-sm">
            <span>Uploading {phase.name}: {Math.round((phase.sent / Math.max(phase.total, 1)) * 100)} %</span>
            <progress max={phase.total || 1} value={phase.sent} aria-label="Upload progress" />
          </div>
        ) : null}
        {phase.kind === "error" ? <p className="alert alert-error" role="alert">{phase.message}</p> : null}
      </div>
      {lastBuild && (phase.kind === "building" || phase.kind === "error") ? (
        <div className="stack-sm">
          <div className="row-between">
            <h2>Build <span className="mono subtle">{lastBuild.slice(0, 8)}</span></h2>
            <a href={`/apps/${app}/builds/${lastBuild}`}>Open this build</a>
          </div>
          <BuildLog key={lastBuild} app={app} buildId={lastBuild} appUrl={appUrl} onEnd={() => {
            setPhase({ kind: "building", buildId: lastBuild, done: true });
            router.refresh();
          }} />
        </div>
      ) : null}
    </div>
  );
}
