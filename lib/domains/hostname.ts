// What Berth accepts as a custom domain: a DNS hostname of at least two labels, stored lower-case.
import { domainToASCII } from "node:url";

const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** The hostname in its stored form, or the reason it is not one. */
export function parseHostname(input: string): { hostname: string } | { problem: string } {
  // One trailing dot is the fully-qualified spelling of the same name; a Host header never has it.
  let name = input.toLowerCase().replace(/\.$/, "");
  if (name.includes("*")) return { problem: "wildcard domains are not supported; add each hostname" };
  // Internationalised names are routed in their ASCII (punycode) form, which is what the Host header carries.
  if (/[^\x00-\x7f]/.test(name)) name = domainToASCII(name);
  if (!name || name.length > 253) return { problem: "a hostname is 1 to 253 characters" };
  const labels = name.split(".");
  if (labels.length < 2) return { problem: "give a fully-qualified hostname such as www.example.com" };
  const bad = labels.find((l) => !LABEL.test(l));
  if (bad !== undefined) {
    return { problem: `"${bad.slice(0, 63)}" is not a DNS label: 1 to 63 letters, digits or dashes, not starting or ending with a dash` };
  }
  if (/^\d+$/.test(labels.at(-1)!)) return { problem: "an IP address is not a hostname" };
  return { hostname: name };
}
