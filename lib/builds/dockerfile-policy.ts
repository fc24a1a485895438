// What a Dockerfile may do on Berth's shared engine. The engine builds every tenant's images, so
// a Dockerfile that starts FROM (or COPYs --from) another app's image would read that app's files,
// and an `ADD <url>` is fetched by dockerd itself, from the host's own network. Pure: the
// Dockerfile's text and the allowed images in, the first broken rule out.

export interface ImagePolicy {
  /** Repositories whose every tag may be used, e.g. berth/runner, <instance>-app/<app id>. */
  repositories: string[];
  /** The admin's allow-list: `repo:tag`, `repo:*`, or `repo` (any tag). */
  allowed: string[];
}

interface Instruction {
  keyword: string;
  args: string;
  line: number;
}

/** The first rule the Dockerfile breaks, as a sentence for the build log; null when it keeps them all. */
export function dockerfileProblem(text: string, policy: ImagePolicy): string | null {
  const instructions = parseInstructions(text);
  const globalArgs = new Map<string, string>();
  const stages: string[] = [];
  let stageArgs = new Map<string, string>();
  let sawFrom = false;
  for (const ins of instructions) {
    // ONBUILD instructions run in a later build that starts FROM this image: the same rules apply.
    const { keyword, args } = ins.keyword === "ONBUILD" ? splitKeyword(ins.args, ins.line) : ins;
    const vars = sawFrom ? new Map([...globalArgs, ...stageArgs]) : globalArgs;
    if (keyword === "ARG") {
      for (const [name, value] of parseArgDecl(args)) (sawFrom ? stageArgs : globalArgs).set(name, value ?? (sawFrom ? globalArgs.get(name) ?? "" : ""));
    } else if (keyword === "FROM" && ins.keyword === "FROM") {
      const words = withoutFlags(args);
      const image = expand(words[0] ?? "", globalArgs);
      const problem = imageProblem(image, stages, policy, `FROM ${words[0] ?? ""}`, ins.line);
      if (problem) return problem;
      const as = words[1]?.toLowerCase() === "as" ? words[2] : undefined;
      stages.push((as ?? "").toLowerCase());
      stageArgs = new Map();
      sawFrom = true;
    } else if (keyword === "FROM") {
      return `line ${ins.line}: ONBUILD FROM is not allowed`;
    } else if (keyword === "COPY" || keyword === "ADD") {
      const from = flagValue(args, "from");
      if (from !== undefined) {
        const source = expand(from, vars);
        // A trigger runs in another build, whose stages are not these: there it can only name an image.
        const problem = imageProblem(source, ins.keyword === "ONBUILD" ? [] : stages, policy, `${keyword} --from=${from}`, ins.line);
        if (problem) return problem;
      }
      if (keyword === "ADD") {
        const url = sources(args).find((s) => /^[a-z][a-z0-9+.-]*:\/\//i.test(expand(s, vars)) || /^git@/.test(s));
        if (url) {
          return `line ${ins.line}: ADD ${url} is not allowed: the engine would fetch it from Berth's own host. Download it in a RUN step (curl or wget), which runs in the build's own network`;
        }
      }
    }
  }
  if (!sawFrom) return "the Dockerfile has no FROM line";
  return null;
}

/** Why an image reference may not be used here; earlier stages (by name or index) always may. */
function imageProblem(reference: string, stages: string[], policy: ImagePolicy, written: string, line: number): string | null {
  const ref = reference.trim();
  if (stages.includes(ref.toLowerCase()) && ref !== "") return null;
  if (/^\d+$/.test(ref) && Number(ref) < stages.length) return null;
  if (ref.toLowerCase() === "scratch") return null;
  const normal = normalizeReference(ref);
  if (normal && isAllowed(normal, policy)) return null;
  const allowed = ["Berth's stack images (berth/stack, berth/builder, berth/runner)", "this app's own images"];
  if (policy.allowed.length) allowed.push(`the images this Berth's admin allows (${policy.allowed.join(", ")})`);
  const shown = ref === "" ? "an empty image name" : ref;
  return `line ${line}: ${written} uses ${shown}, which this app may not build from. A Dockerfile may start from ${allowed.join(", ")}; an admin can allow more with BERTH_ALLOWED_IMAGES`;
}

interface Reference {
  repository: string;
  tag: string;
  digest?: string;
}

/**
 * `node`, `docker.io/library/node:20`, `berth/runner:latest` → {repository, tag}. Null for what
 * is not a name at all — notably a bare image id (`FROM 4f3b2a`), which the engine resolves to
 * any local image, whoever built it.
 */
export function normalizeReference(text: string): Reference | null {
  const [name = "", digest, ...more] = text.split("@");
  if (more.length || (digest !== undefined && !/^sha256:[a-f0-9]{64}$/.test(digest))) return null;
  const colon = name.lastIndexOf(":");
  const hasTag = colon > name.lastIndexOf("/");
  const tag = hasTag ? name.slice(colon + 1) : "latest";
  if (!/^\w[\w.-]{0,127}$/.test(tag)) return null;
  const parts = (hasTag ? name.slice(0, colon) : name).split("/");
  // The first part is a registry when more follow and it looks like one (a dot, a port, localhost).
  const registry = parts.length > 1 && /^(localhost|[a-z0-9-]+(\.[a-z0-9-]+)+)(:\d+)?$|^[a-z0-9-]+:\d+$/.test(parts[0]!) ? parts.shift()! : "";
  if (parts.length === 0 || !parts.every((p) => /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/.test(p))) return null;
  if (registry === "" || registry === "docker.io" || registry === "index.docker.io") {
    if (parts.length === 2 && parts[0] === "library") parts.shift();
  } else {
    parts.unshift(registry);
  }
  const repository = parts.join("/");
  // A bare hex string can be an image id's prefix: never a name here.
  if (parts.length === 1 && /^[a-f0-9]{6,64}$/.test(repository)) return null;
  return { repository, tag, digest };
}

function isAllowed(ref: Reference, policy: ImagePolicy): boolean {
  if (policy.repositories.includes(ref.repository)) return true;
  return policy.allowed.some((entry) => {
    const at = entry.lastIndexOf(":");
    const hasTag = at > entry.lastIndexOf("/");
    const repo = normalizeReference(hasTag ? entry.slice(0, at) : entry)?.repository;
    const tag = hasTag ? entry.slice(at + 1) : "*";
    if (repo !== ref.repository) return false;
    // A digest names one exact image: only "any tag" entries admit it.
    if (ref.digest) return tag === "*";
    return tag === "*" || tag === ref.tag;
  });
}

/** Instructions with continuation lines joined and comments dropped; honours the escape directive. */
export function parseInstructions(text: string): Instruction[] {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  let escape = "\\";
  // Parser directives: `# key=value` lines at the very top.
  for (const line of lines) {
    const directive = /^#\s*([a-zA-Z]+)\s*=\s*(\S+)\s*$/.exec(line);
    if (!directive) break;
    if (directive[1]!.toLowerCase() === "escape" && (directive[2] === "`" || directive[2] === "\\")) escape = directive[2];
  }
  const out: Instruction[] = [];
  let current = "";
  let start = 0;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const trimmed = raw.trim();
    // Comment lines inside a continued instruction are skipped, as Docker does.
    if (trimmed.startsWith("#")) continue;
    if (current === "" && trimmed === "") continue;
    if (current === "") start = i + 1;
    const continued = raw.trimEnd().endsWith(escape);
    current += (continued ? raw.trimEnd().slice(0, -1) : raw) + (continued ? " " : "");
    if (!continued) {
      if (current.trim()) out.push({ ...splitKeyword(current.trim(), start), line: start });
      current = "";
    }
  }
  if (current.trim()) out.push({ ...splitKeyword(current.trim(), start), line: start });
  return out;
}

function splitKeyword(text: string, line: number): Instruction {
  const match = /^(\S+)\s*([\s\S]*)$/.exec(text.trim());
  return { keyword: (match?.[1] ?? "").toUpperCase(), args: match?.[2] ?? "", line };
}

/** `--platform=x name AS stage` → ["name", "AS", "stage"] */
function withoutFlags(args: string): string[] {
  return args.split(/\s+/).filter((w) => w !== "" && !w.startsWith("--"));
}

function flagValue(args: string, flag: string): string | undefined {
  for (const word of args.split(/\s+/)) {
    const match = new RegExp(`^--${flag}=(.*)$`, "i").exec(word);
    if (match) return match[1]!.replace(/^["']|["']$/g, "");
  }
  return undefined;
}

/** ADD/COPY sources: every argument but the last (the destination), in shell or JSON form. */
function sources(args: string): string[] {
  const rest = args.split(/\s+/).filter((w) => w !== "" && !w.startsWith("--")).join(" ");
  if (rest.startsWith("[")) {
    try {
      const list = JSON.parse(rest) as unknown;
      if (Array.isArray(list)) return list.slice(0, -1).map(String);
    } catch {
      // not JSON after all: the shell form below
    }
  }
  return rest.split(" ").slice(0, -1);
}

/** `ARG A=1 B` → [["A","1"], ["B", undefined]] */
function parseArgDecl(args: string): Array<[string, string | undefined]> {
  return args
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => {
      const eq = word.indexOf("=");
      return eq < 0 ? [word, undefined] : [word.slice(0, eq), word.slice(eq + 1).replace(/^["']|["']$/g, "")];
    });
}

/** `$X`, `${X}`, `${X:-default}`, `${X:+alt}` with the values known when the line runs (no build args are ever passed). */
export function expand(text: string, vars: Map<string, string>): string {
  return text.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?::([-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g, (_m, braced, op, word, bare) => {
    const value = vars.get(braced ?? bare) ?? "";
    if (op === "-") return value === "" ? word : value;
    if (op === "+") return value === "" ? "" : word;
    return value;
  });
}
