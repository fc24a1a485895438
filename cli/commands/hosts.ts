// hosts, hosts:join-command, hosts:drain, hosts:remove: the Docker hosts Berth runs containers on
// (admins only). With the local scheduler there is one, `local`.
import type { Command } from "../command.ts";
import { seg } from "../context.ts";
import { printJson, printTable, say } from "../output.ts";

interface HostView {
  name: string;
  address: string | null;
  role: string;
  leader: boolean;
  state: string;
  endpointKnown: boolean;
  cpus: number;
  memoryBytes: number;
  reserved: { cpus: number; memoryBytes: number };
  containers: number;
  labels: Record<string, string>;
}

const GB = 1024 * 1024 * 1024;
const gb = (bytes: number) => `${(bytes / GB).toFixed(1)}`;
const cores = (n: number) => String(Math.round(n * 100) / 100);

export const hosts: Command = {
  name: "hosts",
  summary: "list the hosts: state, role, CPU and memory reserved of their capacity, containers",
  arity: [0, 0],
  async run(ctx) {
    const list = await ctx.api().get<HostView[]>("/hosts");
    if (ctx.json) return printJson(list);
    printTable(
      ["name", "state", "role", "address", "cpus", "memory (GB)", "containers", "labels"],
      list.map((h) => [
        h.endpointKnown ? h.name : `${h.name} (no endpoint)`,
        h.state,
        h.leader ? `${h.role} (leader)` : h.role,
        h.address ?? "",
        `${cores(h.reserved.cpus)} of ${cores(h.cpus)}`,
        `${gb(h.reserved.memoryBytes)} of ${gb(h.memoryBytes)}`,
        h.containers,
        Object.entries(h.labels).map(([k, v]) => `${k}=${v}`).join(","),
      ]),
    );
  },
};

export const hostsJoinCommand: Command = {
  name: "hosts:join-command",
  summary: "print the `docker swarm join` command a new machine runs to become a host",
  arity: [0, 0],
  async run(ctx) {
    const join = await ctx.api().post<{ command: string; note: string }>("/hosts/join-command");
    if (ctx.json) return printJson(join);
    // The command alone on stdout, so it can be copied or piped; the note for people on stderr.
    process.stdout.write(`${join.command}\n`);
    say(join.note);
  },
};

export const hostsDrain: Command = {
  name: "hosts:drain",
  args: "NAME",
  summary: "place no more containers on a host and move its containers to the others (--undo: make it active again)",
  flags: { undo: { describe: "undrain: the host takes containers again" } },
  arity: [1, 1],
  async run(ctx) {
    const name = ctx.args[0]!;
    const undo = ctx.flags.undo === true;
    const host = await ctx.api().patch<HostView>(`/hosts/${seg(name)}`, { drain: !undo });
    if (ctx.json) return printJson(host);
    say(undo ? `${host.name} is ${host.state}: Berth places containers on it again` : `${host.name} is ${host.state}: Berth places nothing there and moves its containers to other hosts`);
  },
};

export const hostsRemove: Command = {
  name: "hosts:remove",
  args: "NAME",
  summary: "take a host out of the swarm (drain it first if it runs containers)",
  arity: [1, 1],
  async run(ctx) {
    const name = ctx.args[0]!;
    const removed = await ctx.api().delete(`/hosts/${seg(name)}`);
    if (ctx.json) return printJson(removed);
    say(`Removed ${name}`);
  },
};
