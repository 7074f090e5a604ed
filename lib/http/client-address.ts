/**
 * Client addresses: reading them, normalising them and grouping them into networks. Edge-safe and
 * dependency-free (no node:net), because the front server, the middleware's internal calls and the
 * Node side all use it, and because every address-based control (throttling, binding, the network
 * prefix in audit events) must agree on what one address is:
 * - `::ffff:203.0.113.7`, `203.0.113.7:4711`, `[2001:db8::1]:443` and `2001:DB8:0::1%eth0` are the
 *   addresses they name, so a port or a notation never makes a new key;
 * - anything that is not an address (`x`, `unknown`, an empty entry) is unreadable: "", which the
 *   controls treat as a mismatch, never as "nothing to check".
 */

/** An address in canonical form: dotted IPv4, or eight lowercase IPv6 groups without leading zeros. */
export type Address = { family: 4; parts: number[] } | { family: 6; parts: number[] };

const V4 =
  /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const HEX_GROUP = /^[0-9a-f]{1,4}$/;

function parseV4(text: string): number[] | null {
  const m = V4.exec(text);
  return m ? m.slice(1, 5).map(Number) : null;
}

/** Eight 16-bit groups, or null. Accepts one "::" and a dotted IPv4 as the last 32 bits. */
function parseV6(text: string): number[] | null {
  let body = text.toLowerCase();
  const lastColon = body.lastIndexOf(":");
  if (body.includes(".", lastColon)) {
    const v4 = parseV4(body.slice(lastColon + 1));
    if (!v4) return null;
    const hex = (hi: number, lo: number) => ((hi << 8) | lo).toString(16);
    body = `${body.slice(0, lastColon + 1)}${hex(v4[0]!, v4[1]!)}:${hex(v4[2]!, v4[3]!)}`;
  }
  const halves = body.split("::");
  if (halves.length > 2) return null;
  const groups = (s: string) => (s === "" ? [] : s.split(":"));
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  if (![...head, ...tail].every((g) => HEX_GROUP.test(g))) return null;
  const given = head.length + tail.length;
  if (halves.length === 1 ? given !== 8 : given > 7) return null;
  return [...head, ...Array<string>(8 - given).fill("0"), ...tail].map((g) => parseInt(g, 16));
}

/** One entry of X-Forwarded-For (or a socket address) as an address, or null when it is none. */
export function parseAddress(entry: string | null | undefined): Address | null {
  let text = (entry ?? "").trim().replace(/^"(.*)"$/, "$1");
  if (!text || text.length > 64) return null;
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(text);
  if (bracketed) text = bracketed[1]!;
  else if (/^[\d.]+:\d{1,5}$/.test(text)) text = text.slice(0, text.lastIndexOf(":"));
  text = text.replace(/%[\w.-]+$/, ""); // an IPv6 zone names the local interface, not the peer
  const v4 = parseV4(text);
  if (v4) return v4.every((b) => b === 0) ? null : { family: 4, parts: v4 };
  const v6 = text.includes(":") ? parseV6(text) : null;
  // "::" and "0.0.0.0" name no host: a client cannot be at them
  if (!v6 || v6.every((g) => g === 0)) return null;
  // IPv4-mapped (::ffff:a.b.c.d): the IPv4 peer of a dual-stack socket
  if (v6.slice(0, 5).every((g) => g === 0) && v6[5] === 0xffff) {
    return { family: 4, parts: [v6[6]! >> 8, v6[6]! & 255, v6[7]! >> 8, v6[7]! & 255] };
  }
  return { family: 6, parts: v6 };
}

export function formatAddress(a: Address): string {
  return a.family === 4 ? a.parts.join(".") : a.parts.map((g) => g.toString(16)).join(":");
}

/** The canonical text of an entry ("" when it is not an address): the one form every control keys on. */
export const normaliseAddress = (entry: string | null | undefined): string => {
  const a = parseAddress(entry);
  return a ? formatAddress(a) : "";
};

/**
 * The network an address belongs to, as sessions, binding and logs keep it: /24 for IPv4, /64 for
 * IPv6 (one subscriber's network; an IPv6 host picks any of its 2^64 addresses at will). "" when
 * unreadable.
 */
export function ipPrefix(entry: string): string {
  const a = parseAddress(entry);
  if (!a) return "";
  if (a.family === 4) return `${a.parts.slice(0, 3).join(".")}.0/24`;
  return `${a.parts
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(":")}::/64`;
}

/**
 * Throttling keys for an address: `host` is what one client controls (an IPv4 address, an IPv6 /64),
 * `network` the wider block one party typically holds (an IPv4 /24, an IPv6 /48), so rotating through
 * the addresses of a block does not buy fresh attempts. Null when unreadable.
 */
export function throttleNetworks(entry: string): { host: string; network: string } | null {
  const a = parseAddress(entry);
  if (!a) return null;
  if (a.family === 4) return { host: formatAddress(a), network: `${a.parts.slice(0, 3).join(".")}.0/24` };
  const groups = a.parts.map((g) => g.toString(16));
  return { host: `${groups.slice(0, 4).join(":")}::/64`, network: `${groups.slice(0, 3).join(":")}::/48` };
}

/** An address block (CIDR); a bare address is a block of one. */
export interface AddressBlock {
  family: 4 | 6;
  parts: number[];
  bits: number;
}

/** Whether `a` lies inside `block`. */
export function inBlock(a: Address, block: AddressBlock): boolean {
  if (a.family !== block.family) return false;
  const width = a.family === 4 ? 8 : 16;
  for (let i = 0, left = block.bits; left > 0; i++, left -= width) {
    const mask = left >= width ? (1 << width) - 1 : ((1 << width) - 1) ^ ((1 << (width - left)) - 1);
    if ((a.parts[i]! & mask) !== (block.parts[i]! & mask)) return false;
  }
  return true;
}

/**
 * The address of the client, from the socket the request came in on and the X-Forwarded-For chain,
 * given how many reverse proxies in front of the app append to it (TRUST_PROXY_HOPS) and where
 * they connect from (TRUST_PROXY_ADDRESSES):
 * - 0, or a socket peer that is not one of the proxies (someone reaching an instance directly):
 *   the socket's peer is the client, and any X-Forwarded-For is the client's own writing, ignored;
 * - n: the chain (with the socket's peer at its end) holds, from the right, what the n proxies saw;
 *   the client is the entry the outermost proxy appended. What stands left of it the client wrote.
 * A chain shorter than the proxies it should have passed did not come through them, and a socket
 * without a peer address is no request from anywhere: "" (unreadable).
 */
export function resolveClientAddress(input: {
  socketAddress: string | undefined;
  forwardedFor: string | string[] | undefined;
  hops: number;
  proxies?: AddressBlock[];
}): string {
  const peer = parseAddress(input.socketAddress);
  if (!peer) return "";
  const fromProxy = input.hops > 0 && (input.proxies ?? LOOPBACK).some((block) => inBlock(peer, block));
  if (!fromProxy) return formatAddress(peer);
  const header = Array.isArray(input.forwardedFor) ? input.forwardedFor.join(",") : (input.forwardedFor ?? "");
  const chain = [...header.split(","), input.socketAddress!].map((s) => s.trim()).filter(Boolean);
  const index = chain.length - 1 - input.hops;
  return index >= 0 ? normaliseAddress(chain[index]) : "";
}

/** Where proxies connect from when TRUST_PROXY_ADDRESSES is not set: this machine. */
export const LOOPBACK: AddressBlock[] = [
  { family: 4, parts: [127, 0, 0, 0], bits: 8 },
  { family: 6, parts: [0, 0, 0, 0, 0, 0, 0, 1], bits: 128 },
];

/** TRUST_PROXY_ADDRESSES (addresses or CIDR blocks, comma-separated), or an error naming the variable. */
export function parseProxyAddresses(raw: string | undefined): { proxies: AddressBlock[] } | { error: string } {
  const value = raw?.trim();
  if (!value) return { proxies: LOOPBACK };
  const proxies: AddressBlock[] = [];
  for (const entry of value.split(",").map((e) => e.trim())) {
    const [address, bits] = entry.split("/");
    const a = parseAddress(address);
    const max = a?.family === 4 ? 32 : 128;
    const n = bits === undefined ? max : /^\d{1,3}$/.test(bits) ? Number(bits) : NaN;
    if (!a || !(n >= 0 && n <= max)) {
      return { error: `TRUST_PROXY_ADDRESSES: "${entry}" is not an address or a block such as 10.0.0.0/24 or fd00::/8` };
    }
    proxies.push({ family: a.family, parts: a.parts, bits: n });
  }
  return { proxies };
}

/** TRUST_PROXY_HOPS as a number of proxies, or an error message naming the variable. */
export function parseProxyHops(raw: string | undefined): { hops: number } | { error: string } {
  const value = raw?.trim() || "0";
  if (!/^\d+$/.test(value) || Number(value) > 10) {
    return {
      error: `TRUST_PROXY_HOPS="${raw}" is not a number of proxies (0 when clients reach the app directly, 1 behind one proxy, at most 10)`,
    };
  }
  return { hops: Number(value) };
}

/**
 * Set by the front server (server.ts) in the process it runs the app in: the app's proof that
 * X-Forwarded-For holds the address the server resolved, not one a client wrote.
 */
export const FRONT_SERVER = Symbol.for("session-lab.front-server");
export const frontServer = (): { hops: number } | undefined => (globalThis as Record<symbol, { hops: number } | undefined>)[FRONT_SERVER];
