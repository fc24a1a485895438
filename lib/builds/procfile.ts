// Procfile and buildpack `bin/release` parsing. Process types map a name to a shell command that
// runs inside the app's container (bash -c, as on Heroku), never on the host.
import { invalid } from "../errors.ts";

export type ProcessTypes = Record<string, string>;

const TYPE_NAME = /^[a-zA-Z0-9_-]{1,63}$/;

/** Parses a Procfile: `type: command` lines; blank lines and `#` comments are skipped. */
export function parseProcfile(text: string): ProcessTypes {
  const types: ProcessTypes = {};
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    const match = /^([^:\s]+)\s*:\s*(.*)$/.exec(line);
    if (!match) throw invalid(`Procfile line ${i + 1} is not "type: command": ${line.slice(0, 80)}`);
    const [, type, command] = match as unknown as [string, string, string];
    if (!TYPE_NAME.test(type)) throw invalid(`Procfile line ${i + 1}: "${type.slice(0, 40)}" is not a process type name (letters, digits, - and _)`);
    if (command.trim() === "") throw invalid(`Procfile line ${i + 1}: the ${type} process has no command`);
    if (command.includes("\0")) throw invalid(`Procfile line ${i + 1} contains a NUL byte`);
    types[type] = command.trim();
  });
  return types;
}

/**
 * Reads `default_process_types` from a buildpack's `bin/release` YAML. Only that simple map is
 * understood (what buildpacks print); other keys are ignored.
 */
export function parseReleaseYaml(text: string): ProcessTypes {
  const types: ProcessTypes = {};
  let inDefaults = false;
  for (const raw of text.split(/\r?\n/)) {
    if (/^\S/.test(raw)) {
      inDefaults = /^default_process_types\s*:\s*$/.test(raw.trim());
      continue;
    }
    if (!inDefaults) continue;
    const match = /^\s+([a-zA-Z0-9_-]+)\s*:\s*(.+)$/.exec(raw);
    if (match) types[match[1]!] = unquote(match[2]!.trim());
  }
  return types;
}

function unquote(value: string): string {
  if (value.length >= 2 && ((value.startsWith('"') && value.endsWith('"')) || (value.startsWith("'") && value.endsWith("'")))) {
    return value.slice(1, -1);
  }
  return value;
}
