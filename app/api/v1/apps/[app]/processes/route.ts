import { apiRoute, jsonBody } from "@/lib/api/handler.ts";
import { listProcesses, restartProcesses, runProcess } from "@/lib/processes/processes.ts";

export const GET = apiRoute<{ app: string }>(async ({ actor, params }) => listProcesses(actor, params.app));

export const DELETE = apiRoute<{ app: string }>(async ({ actor, params }) => restartProcesses(actor, params.app), { status: 202 });

export const POST = apiRoute<{ app: string }>(async ({ actor, params, req }) => {
  const output = await runProcess(actor, params.app, await jsonBody(req), req.signal);
  return new Response(output, { status: 201, headers: { "content-type": "application/x-ndjson", "cache-control": "no-store", "x-accel-buffering": "no" } });
});
