// HAProxy's master CLI (the `-S` socket): which workers run, and whether one is stopping.
import net from "node:net";

function masterCommand(socketPath: string, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.createConnection(socketPath);
    let out = "";
    socket.setTimeout(2000, () => socket.destroy(new Error("the router's master socket timed out")));
    socket.on("connect", () => socket.write(`${command}\n`));
    // The master sometimes keeps the connection open after answering; an answer ends with an empty line.
    socket.on("data", (d) => {
      out += d.toString();
      if (out.endsWith("\n\n")) {
        socket.destroy();
        resolve(out);
      }
    });
    socket.on("end", () => resolve(out));
    socket.on("error", reject);
  });
}

/** Current workers (newest generation) by pid, or null while the master does not answer (e.g. re-executing). */
export async function showProc(socketPath: string): Promise<{ workers: number[] } | null> {
  const out = await masterCommand(socketPath, "show proc").catch(() => "");
  const lines = out.split("\n");
  const start = lines.indexOf("# workers");
  if (start === -1) return null;
  const workers: number[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith("#") || !line.trim()) break;
    workers.push(Number.parseInt(line, 10));
  }
  return { workers };
}

/** True once the worker has begun its soft stop (it no longer accepts connections) or has exited. */
export async function isWorkerStopping(socketPath: string, pid: number): Promise<boolean> {
  const out = await masterCommand(socketPath, `@!${pid} show info`).catch(() => "");
  return /^Stopping: 1$/m.test(out) || out.includes("Can't find the target PID");
}
