// Which IP addresses a log drain must never connect to, as pure functions: loopback, unspecified,
// link-local (the cloud metadata address among them), private and shared ranges (other apps'
// containers and add-ons sit on Docker bridges in 172.16.0.0/12), multicast, broadcast and other
// reserved ranges. IPv6 forms that carry an IPv4 address (::ffff:127.0.0.1, NAT64, 6to4) are
// judged by the IPv4 address they carry, so no spelling of 127.0.0.1 gets through.
import net from "node:net";

export interface Ip {
  family: 4 | 6;
  value: bigint;
}

/** A forbidden range, named for the error a user sees. */
interface Range {
  family: 4 | 6;
  base: bigint;
  bits: number;
  rule: string;
}

const RULES = {
  unspecified: "unspecified addresses (0.0.0.0/8, ::)",
  loopback: "loopback addresses (127.0.0.0/8, ::1)",
  linkLocal: "link-local addresses (169.254.0.0/16, fe80::/10; the cloud metadata service lives there)",
  private: "private addresses (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10, fc00::/7; Berth's own containers and add-ons live there)",
  multicast: "multicast and broadcast addresses (224.0.0.0/4, 255.255.255.255, ff00::/8)",
  reserved: "reserved addresses (192.0.0.0/24, documentation and benchmarking ranges, 240.0.0.0/4, ::/96, 100::/64, 2001:db8::/32)",
} as const;

export const OWN_ADDRESS_RULE = "this machine's own addresses";

function range(cidr: string, rule: string): Range {
  const parsed = parseCidr(cidr);
  if (!parsed) throw new Error(`bad range ${cidr}`);
  return { ...parsed, rule };
}

// Order matters only for which rule a message names: these first (127.0.0.1 is best called
// loopback, though it is this machine's own too), then this machine's addresses, then the rest.
const FIRST: Range[] = [
  range("0.0.0.0/8", RULES.unspecified),
  range("::/128", RULES.unspecified),
  range("127.0.0.0/8", RULES.loopback),
  range("::1/128", RULES.loopback),
  range("169.254.0.0/16", RULES.linkLocal),
  range("fe80::/10", RULES.linkLocal),
];
const THEN: Range[] = [
  range("10.0.0.0/8", RULES.private),
  range("172.16.0.0/12", RULES.private),
  range("192.168.0.0/16", RULES.private),
  range("100.64.0.0/10", RULES.private),
  range("fc00::/7", RULES.private),
  range("fec0::/10", RULES.private), // site-local, deprecated but still routed by some
  range("64:ff9b:1::/48", RULES.private), // local-use NAT64
  range("224.0.0.0/4", RULES.multicast),
  range("ff00::/8", RULES.multicast),
  range("192.0.0.0/24", RULES.reserved),
  range("192.0.2.0/24", RULES.reserved),
  range("198.18.0.0/15", RULES.reserved),
  range("198.51.100.0/24", RULES.reserved),
  range("203.0.113.0/24", RULES.reserved),
  range("240.0.0.0/4", RULES.reserved), // includes 255.255.255.255
  range("100::/64", RULES.reserved),
  range("2001:db8::/32", RULES.reserved),
];

/** The address, or null if the text is not an IP address (brackets around IPv6 are allowed). */
export function parseIp(text: string): Ip | null {
  const bare = text.replace(/^\[(.*)\]$/, "$1");
  if (net.isIPv4(bare)) return { family: 4, value: parseIpv4(bare) };
  if (net.isIPv6(bare)) return { family: 6, value: parseIpv6(bare) };
  return null;
}

function parseIpv4(text: string): bigint {
  return text.split(".").reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
}

function parseIpv6(text: string): bigint {
  let body = text;
  // A trailing dotted quad (::ffff:1.2.3.4) is the last two groups.
  const quad = /(\d+\.\d+\.\d+\.\d+)$/.exec(body);
  if (quad) {
    const v4 = parseIpv4(quad[1]!);
    body = `${body.slice(0, quad.index)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [head = "", tail] = body.split("::");
  const groups = (s: string) => (s ? s.split(":") : []);
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const all = tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill("0"), ...right];
  return all.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
}

export function parseCidr(text: string): { family: 4 | 6; base: bigint; bits: number } | null {
  const [addr = "", bitsText] = text.split("/");
  const ip = parseIp(addr);
  if (!ip) return null;
  const width = ip.family === 4 ? 32 : 128;
  const bits = bitsText === undefined ? width : /^\d{1,3}$/.test(bitsText) ? Number(bitsText) : NaN;
  if (!(bits >= 0 && bits <= width)) return null;
  return { family: ip.family, base: mask(ip.value, bits, width), bits };
}

function mask(value: bigint, bits: number, width: number): bigint {
  return (value >> BigInt(width - bits)) << BigInt(width - bits);
}

/** In the range, as written or as the IPv4 address it carries (::ffff:10.0.0.1 is in 10.0.0.0/8). */
export function inCidr(ip: Ip, cidr: { family: 4 | 6; base: bigint; bits: number }): boolean {
  return [ip, embeddedIpv4(ip)].some((s) => s !== null && s.family === cidr.family && mask(s.value, cidr.bits, s.family === 4 ? 32 : 128) === cidr.base);
}

/**
 * The IPv4 address an IPv6 one stands for, when the kernel or a gateway would deliver it to that
 * IPv4 address: IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::/96)
 * and 6to4 (2002:aabb:ccdd::/48).
 */
export function embeddedIpv4(ip: Ip): Ip | null {
  if (ip.family !== 6) return null;
  const top96 = ip.value >> 32n;
  const low32 = ip.value & 0xffffffffn;
  if (top96 === 0xffffn || (top96 === 0n && low32 > 1n) || top96 === 0x64ff9b0000000000000000n) return { family: 4, value: low32 };
  if (ip.value >> 112n === 0x2002n) return { family: 4, value: (ip.value >> 80n) & 0xffffffffn };
  return null;
}

/** Equal as addresses: 127.0.0.1 and ::ffff:127.0.0.1 are the same. */
export function sameIp(a: Ip, b: Ip): boolean {
  const x = embeddedIpv4(a) ?? a;
  const y = embeddedIpv4(b) ?? b;
  return x.family === y.family && x.value === y.value;
}

/**
 * Why a drain may not connect to this address (the rule, for the user), or null if it may.
 * `own` are this machine's addresses (every network interface's, Docker bridges' gateways too).
 */
export function forbiddenAddressRule(address: string, own: readonly string[] = []): string | null {
  const ip = parseIp(address);
  if (!ip) return null;
  const ruleIn = (ranges: Range[]) => ranges.find((r) => inCidr(ip, r))?.rule ?? null;
  const isOwn = own.some((text) => {
    const o = parseIp(text);
    return o !== null && sameIp(o, ip);
  });
  return ruleIn(FIRST) ?? (isOwn ? OWN_ADDRESS_RULE : null) ?? ruleIn(THEN);
}
