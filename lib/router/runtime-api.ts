// HAProxy's runtime API (the stats socket): switches a backend's servers in a few milliseconds,
// without waiting for a reload. Only used together with a reload of the same state, because
// runtime changes are not kept across reloads.
import net from "node:net";
import type { RouterServer } from "./types.ts";

function statsCommand(socket: string, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const conn = net.createConnection(socket);
    let out = "";
    conn.setTimeout(2000, () => conn.destroy(new Error("the router's stats socket timed out")));
    conn.on("connect", () => conn.write(`${command}\n`));
    conn.on("data", (d) => (out += d.toString()));
    conn.on("end", () => resolve(out.trim()));
    conn.on("error", reject);
  });
}

/**
 * Adds and enables `add` in the app's backend and puts `remove` in maintenance (their in-flight
 * requests finish). Returns false when the running router cannot take the change at runtime
 * (e.g. the backend does not exist yet); the caller's reload then does it.
 */
export async function switchServersAtRuntime(socket: string, backend: string, add: RouterServer[], remove: string[]): Promise<boolean> {
  try {
    for (const s of add) {
      const added = await statsCommand(socket, `add server ${backend}/${s.name} ${s.address}:${s.port}`);
      if (!added.startsWith("New server registered")) return false;
      if ((await statsCommand(socket, `enable server ${backend}/${s.name}`)) !== "") return false;
    }
    for (const name of remove) await statsCommand(socket, `set server ${backend}/${name} state maint`);
    return true;
  } catch {
    return false;
  }
}
