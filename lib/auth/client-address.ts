// Who is calling, as far as the network can tell. Berth's web server (scripts/web-server.mjs)
// replaces this header on every request with the socket's peer address, so a client cannot choose
// it; x-forwarded-for and the like are the client's to write and are never read for this.
import net from "node:net";

export const CLIENT_ADDRESS_HEADER = "x-berth-client-address";

/** The caller's address; "unknown" when the app runs without Berth's web server (`next dev`). */
export function clientAddress(req: Request): string {
  return normalizeAddress(req.headers.get(CLIENT_ADDRESS_HEADER) ?? "");
}

/**
 * One spelling per address: IPv4-mapped IPv6 (`::ffff:127.0.0.2`, what a dual-stack socket
 * reports) becomes the IPv4 address, IPv6 is lowercased; anything that is not an address is "unknown".
 */
export function normalizeAddress(text: string): string {
  const address = text.trim().toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (mapped && net.isIPv4(mapped[1]!)) return mapped[1]!;
  return net.isIP(address) ? address : "unknown";
}

/**
 * The network an address stands for when counting per address: an IPv4 address itself, but an
 * IPv6 address's /64 — one subscriber usually holds a whole /64 and could otherwise take a fresh
 * address for every few guesses.
 */
export function addressNetwork(address: string): string {
  if (!net.isIPv6(address)) return address;
  return `${expandIPv6(address).slice(0, 4).join(":")}::/64`;
}

function expandIPv6(address: string): string[] {
  const [head, tail] = address.includes("::") ? address.split("::") : [address, undefined];
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  // An embedded IPv4 tail (::1.2.3.4) takes two groups; it never matters for the first four.
  const groups = tail === undefined ? left : [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right];
  return groups.map((g) => (g.includes(".") ? g : g.replace(/^0+(?=.)/, "")));
}
