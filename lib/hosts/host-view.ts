// A host as the API shows it: capacity, what Berth's containers reserve, and never the endpoint
// (a socket path or an engine's address is for Berth alone). Hosts are for admins only.
import type { Actor } from "../auth/users.ts";
import { forbidden } from "../errors.ts";
import type { LiveHost } from "./host-pool.ts";
import type { Reservation } from "./reservations.ts";

export interface HostView {
  name: string;
  address: string | null;
  role: LiveHost["role"];
  leader: boolean;
  state: LiveHost["state"];
  endpointKnown: boolean;
  availability: string | null;
  engineVersion: string | null;
  cpus: number;
  memoryBytes: number;
  reserved: { cpus: number; memoryBytes: number };
  containers: number;
  labels: Record<string, string>;
}

export function assertHostAdmin(actor: Actor): void {
  if (!actor.isAdmin) throw forbidden("only an admin can see and manage hosts");
}

export function hostView(host: LiveHost, reserved: Reservation | undefined): HostView {
  return {
    name: host.name,
    address: host.address,
    role: host.role,
    leader: host.leader,
    state: host.state,
    endpointKnown: host.endpointKnown,
    availability: host.availability,
    engineVersion: host.engineVersion,
    cpus: host.cpus,
    memoryBytes: host.memoryBytes,
    reserved: { cpus: reserved?.cpus ?? 0, memoryBytes: reserved?.memoryBytes ?? 0 },
    containers: reserved?.containers ?? 0,
    labels: host.labels,
  };
}
