// Which numeric user an image's containers run as. Docker resolves a USER name against the image's
// own /etc/passwd, so comparing names is not enough: `USER toor` is root when toor's uid is 0, and
// `USER 0000` is uid 0 too. Berth resolves the user itself and runs containers with the number.

/** The runner image's `app` user: what an image that asks for root (or for nobody) runs as. */
export const APP_USER = "1000:1000";

export type ResolvedUser = { runAs: string } | { problem: string };

/**
 * `USER` of an image → numeric `uid:gid`. No user, `root`, or uid 0 spelled as a number mean "as
 * root", which Berth never does: they run as the app user. Any other name that resolves to uid 0
 * is an attempt to get root under another name, and is refused. Pure, for unit tests.
 */
export function resolveImageUser(user: string, files: { passwd: string; group: string }): ResolvedUser {
  const [name = "", groupPart] = user.trim().split(":", 2);
  if (name === "" || name === "root" || isZero(name)) return { runAs: APP_USER };
  const entry = /^\d+$/.test(name) ? { uid: Number(name), gid: undefined } : lookupPasswd(files.passwd, name);
  if (!entry) return { problem: `the image's USER ${name} is not in its /etc/passwd` };
  if (entry.uid === 0) {
    return { problem: `the image's USER ${name} is uid 0 (root) in its /etc/passwd; Berth never runs apps as root. Use a user with another uid, or no USER line (Berth then runs the app as uid 1000)` };
  }
  let gid = entry.gid ?? entry.uid;
  if (groupPart !== undefined && groupPart !== "") {
    const found = /^\d+$/.test(groupPart) ? Number(groupPart) : lookupGroup(files.group, groupPart);
    if (found === undefined) return { problem: `the image's USER group ${groupPart} is not in its /etc/group` };
    gid = found;
  }
  return { runAs: `${entry.uid}:${gid}` };
}

const isZero = (text: string) => /^0+$/.test(text);

function lookupPasswd(passwd: string, name: string): { uid: number; gid: number } | undefined {
  for (const line of passwd.split("\n")) {
    const fields = line.split(":");
    if (fields[0] === name && fields.length >= 4 && /^\d+$/.test(fields[2]!) && /^\d+$/.test(fields[3]!)) return { uid: Number(fields[2]), gid: Number(fields[3]) };
  }
  return undefined;
}

function lookupGroup(group: string, name: string): number | undefined {
  for (const line of group.split("\n")) {
    const fields = line.split(":");
    if (fields[0] === name && fields.length >= 3 && /^\d+$/.test(fields[2]!)) return Number(fields[2]);
  }
  return undefined;
}

/** A stored or resolved uid:gid that is safe to run with: numeric, and never uid 0. */
export function isSafeRunAs(runAs: string | null | undefined): runAs is string {
  const match = /^(\d+):(\d+)$/.exec(runAs ?? "");
  return Boolean(match) && !isZero(match![1]!);
}
