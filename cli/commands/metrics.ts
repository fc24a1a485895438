// metrics: the app's latest sample (CPU, memory, restarts per process; router rate, statuses,
// response times), or every sample with --json.
import type { Command } from "../command.ts";
import { seg } from "../context.ts";
import { printJson, printTable, say } from "../output.ts";

interface Sample {
  time: string;
  processes: Array<{ name: string; state: string; cpuPercent: number | null; memoryBytes: number; memoryLimitBytes: number; restarts: number }>;
  router: { requests: number; ratePerSecond: number; status: Record<string, number>; p50Ms: number | null; p95Ms: number | null };
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export const metrics: Command = {
  name: "metrics",
  summary: "show the app's latest metrics (--json: every sample since --since)",
  app: true,
  flags: { since: { value: true, describe: "how far back, e.g. 15m, 6h, 24h (default 1h)" } },
  arity: [0, 0],
  async run(ctx) {
    const query = new URLSearchParams({ since: ctx.flag("since") ?? "1h" });
    const view = await ctx.api().get<{ resolution: string; samples: Sample[] }>(`/apps/${seg(await ctx.app())}/metrics?${query}`);
    if (ctx.json) return printJson(view);
    const latest = view.samples[view.samples.length - 1];
    if (!latest) return say("No metrics yet: they are sampled every 10 s while the app runs");
    say(`Metrics at ${latest.time} (${view.resolution} samples)`);
    printTable(
      ["process", "state", "cpu", "memory", "restarts"],
      latest.processes.map((p) => [p.name, p.state, p.cpuPercent === null ? "-" : `${p.cpuPercent.toFixed(1)}%`, `${mb(p.memoryBytes)} of ${mb(p.memoryLimitBytes)}`, p.restarts]),
    );
    const r = latest.router;
    const statuses = Object.entries(r.status).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${n}`).join(", ") || "none";
    process.stdout.write(`router: ${r.ratePerSecond} req/s (${statuses}); p50 ${r.p50Ms ?? "-"} ms, p95 ${r.p95Ms ?? "-"} ms\n`);
  },
};
