// An app's processes: what runs now, restarting them, and one-off commands.
import crypto from "node:crypto";
import { z } from "zod";
import { db } from "../db.ts";
import type { Actor } from "../auth/users.ts";
import { findApp } from "../apps/apps.ts";
import { runnableRelease } from "../deploy/app-containers.ts";
import { SIZES } from "../deploy/sizes.ts";
import { invalid, notFound } from "../errors.ts";
import { takeOneOffSlot } from "../limits/one-off-slots.ts";
import { enqueueConverge } from "../queue/queues.ts";
import { currentRelease } from "../releases/create-release.ts";
import { runOneOff } from "./one-off.ts";

export interface ProcessView {
  name: string;
  type: string;
  state: string;
  release: number;
  size: string;
  host: string;
  startedAt: Date | null;
  restarts: number;
  exitCode: number | null;
}

/** draining containers are on their way out and no longer the app's processes. */
const SHOWN_STATES = ["starting", "up", "crashed", "stopped"];

export async function listProcesses(actor: Actor, appName: string): Promise<ProcessView[]> {
  const app = await findApp(actor, appName);
  const rows = await db.container.findMany({
    where: { appId: app.id, state: { in: SHOWN_STATES } },
    include: { release: { select: { version: true } }, host: { select: { name: true } } },
    orderBy: [{ type: "asc" }, { index: "asc" }, { createdAt: "asc" }],
  });
  return rows.map((c) => ({
    name: `${c.type}.${c.index}`,
    type: c.type,
    state: c.state,
    release: c.release.version,
    size: c.size,
    host: c.host.name,
    startedAt: c.startedAt,
    restarts: c.restarts,
    exitCode: c.exitCode,
  }));
}

const PROCESS_NAME = /^([a-z][a-z0-9_-]{0,29})(?:\.(\d{1,3}))?$/;

/** Restarts every process (no name), a type (`web`) or one process (`web.1`), rolling. */
export async function restartProcesses(actor: Actor, appName: string, name?: string): Promise<{ restarting: string[] }> {
  const app = await findApp(actor, appName);
  const match = name === undefined ? null : PROCESS_NAME.exec(name);
  if (name !== undefined && !match) throw invalid(`${JSON.stringify(name)} is not a process name like web or web.1`);
  const rows = await db.container.findMany({
    where: {
      appId: app.id,
      state: { in: ["starting", "up", "crashed"] },
      ...(match ? { type: match[1], ...(match[2] ? { index: Number(match[2]) } : {}) } : {}),
    },
  });
  if (rows.length === 0) throw notFound(name ? `${app.name} has no process ${name}` : `${app.name} has no processes running`);
  await enqueueConverge({ appId: app.id, replace: rows.map((r) => r.id), reason: `${actor.username} restarted ${name ?? "all processes"}` });
  return { restarting: rows.map((r) => `${r.type}.${r.index}`) };
}

export const runRequest = z
  .object({
    command: z.string().trim().min(1, "give a command to run").max(4096, "the command is too long"),
    size: z.string().refine((s) => s in SIZES, { message: `size must be one of ${Object.keys(SIZES).join(", ")}` }).optional(),
  })
  .strict();

/**
 * Runs a one-off process with the current release's image and config. The result streams as
 * JSON lines: `{"state": "starting"}` at once, `{"output": "…"}` while it runs, then `{"exitCode": n}` (or `{"error": "…"}`).
 */
export async function runProcess(actor: Actor, appName: string, body: unknown, signal?: AbortSignal): Promise<ReadableStream<Uint8Array>> {
  const app = await findApp(actor, appName);
  const request = runRequest.parse(body);
  const current = await currentRelease(app.id);
  const release = current && (await db.release.findUnique({ where: { id: current.id }, include: { app: true, build: true, config: true } }));
  if (!release?.build?.image) throw invalid(`${app.name} has no release to run a command with: deploy it first`);
  const run = runnableRelease(release);
  const slot = await takeOneOffSlot(app, crypto.randomUUID());
  // The process stops when the client goes away: the request's abort, or the response cancelled.
  const stop = new AbortController();
  if (signal?.aborted) stop.abort();
  signal?.addEventListener("abort", () => stop.abort(), { once: true });
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    // Not awaited, and with a first line at once: the response (status, headers) goes out with
    // the first chunk, so a quiet command would otherwise answer only when it had ended.
    start(controller) {
      const send = (value: object) => {
        try {
          controller.enqueue(encoder.encode(`${JSON.stringify(value)}\n`));
        } catch {
          // the client went away; the abort signal stops the process
        }
      };
      send({ state: "starting" });
      void (async () => {
        try {
          const exitCode = await runOneOff(run, { kind: "run", command: request.command, size: request.size, signal: stop.signal, onOutput: (output) => send({ output }) });
          send({ exitCode });
        } catch (err) {
          send({ error: (err as Error).message });
        } finally {
          await slot.release().catch(() => undefined);
        }
        try {
          controller.close();
        } catch {
          // already closed by a client that went away
        }
      })();
    },
    cancel() {
      stop.abort();
    },
  });
}
