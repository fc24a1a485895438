import { notFound } from "next/navigation";
import { requireSession } from "@/app/_lib/session.ts";
import { BerthError } from "@/lib/errors.ts";
import { listHosts } from "@/lib/hosts/list-hosts.ts";
import type { HostView } from "@/lib/hosts/host-view.ts";
import { StatusBadge } from "@/components/status-badge.tsx";
import { HostActions, JoinCommand } from "./host-actions.tsx";

export const metadata = { title: "Hosts" };

const GB = 1024 * 1024 * 1024;
const gb = (bytes: number) => `${(bytes / GB).toFixed(1)} GB`;
const cores = (n: number) => String(Math.round(n * 100) / 100);

export default async function HostsPage() {
  const session = await requireSession();
  if (!session.actor.isAdmin) notFound();
  // A swarm manager that does not answer is what this page must tell, not an error page.
  let hosts: HostView[] = [];
  let problem: string | null = null;
  try {
    hosts = await listHosts(session.actor);
  } catch (err) {
    if (!(err instanceof BerthError)) throw err;
    problem = err.message;
  }
  const ready = hosts.filter((h) => h.state === "ready").length;
  return (
    <div className="stack">
      <h1>Hosts</h1>
      {problem ? <p className="alert alert-error" role="alert">{problem}</p> : null}
      <section className="card stack-sm" aria-labelledby="hosts-heading">
        <h2 id="hosts-heading">Docker hosts</h2>
        <p className="subtle">CPU and memory: what Berth&apos;s containers reserve (their sizes, add-on plans) of what the host has.</p>
        <div className="table-wrap">
          <table className="table" aria-label="Hosts">
            <thead>
              <tr>
                <th scope="col">Host</th><th scope="col">State</th><th scope="col">Role</th><th scope="col">Address</th>
                <th scope="col" className="num">CPUs</th><th scope="col" className="num">Memory</th><th scope="col" className="num">Containers</th>
                <th scope="col">Labels</th><th scope="col" className="actions"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {hosts.map((h) => (
                <tr key={h.name} data-host={h.name}>
                  <td className="mono">{h.name}{h.endpointKnown ? null : <span className="subtle"> (no endpoint)</span>}</td>
                  <td><StatusBadge status={h.state} /></td>
                  <td>{h.leader ? `${h.role} (leader)` : h.role}</td>
                  <td className="mono">{h.address ?? "—"}</td>
                  <td className="num">{cores(h.reserved.cpus)} of {cores(h.cpus)}</td>
                  <td className="num">{gb(h.reserved.memoryBytes)} of {gb(h.memoryBytes)}</td>
                  <td className="num">{h.containers}</td>
                  <td className="mono">{Object.entries(h.labels).map(([k, v]) => `${k}=${v}`).join(", ") || "—"}</td>
                  <td className="actions">{h.role === "local" ? null : <HostActions name={h.name} draining={h.state === "draining" || h.availability === "drain"} lastReady={h.state === "ready" && ready === 1} />}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <JoinCommand />
    </div>
  );
}
