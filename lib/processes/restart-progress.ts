// How far a restart has got, from the process list the dashboard polls: a restart replaces each
// process (a new container, so a new start time), and it is over once every one of them has been
// replaced and is no longer starting. Pure, for the browser as much as for tests.

export interface ProcessSnapshot {
  name: string;
  state: string;
  startedAt: string | null;
}

export type RestartProgress =
  | { kind: "restarting"; waiting: string[] }
  | { kind: "done"; up: string[]; notUp: { name: string; state: string }[] };

/** `before`: the start times of the processes being restarted when it was asked for. */
export function restartProgress(before: Map<string, string | null>, now: ProcessSnapshot[]): RestartProgress {
  const waiting: string[] = [];
  const up: string[] = [];
  const notUp: { name: string; state: string }[] = [];
  for (const [name, startedAt] of before) {
    // Old and new container can both be listed for a moment: the replacement is the one started since.
    const replaced = now.find((p) => p.name === name && p.startedAt !== null && p.startedAt !== startedAt && p.state !== "starting");
    if (!replaced) waiting.push(name);
    else if (replaced.state === "up") up.push(name);
    else notUp.push({ name, state: replaced.state });
  }
  return waiting.length ? { kind: "restarting", waiting } : { kind: "done", up, notUp };
}
