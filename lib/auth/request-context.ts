import type { RequestContext } from "../session/service";

/**
 * The client address as Next.js recorded it: `next start` appends the socket address to
 * X-Forwarded-For, so the last entry is trustworthy; behind N trusted proxies set TRUST_PROXY_HOPS=N.
 * Earlier entries are client-supplied and would let an attacker dodge per-IP throttling.
 */
export function clientIp(headers: Headers): string {
  const chain = (headers.get("x-forwarded-for") ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  const hops = Number(process.env.TRUST_PROXY_HOPS ?? 0);
  return chain[Math.max(0, chain.length - 1 - hops)] ?? headers.get("x-real-ip") ?? "";
}

/** Sessions and logs keep only the network (/24 for IPv4, /64 for IPv6), never the full address. */
export function ipPrefix(ip: string): string {
  const v4 = /^(?:::ffff:)?(\d+)\.(\d+)\.(\d+)\.\d+$/i.exec(ip);
  if (v4) return `${v4[1]}.${v4[2]}.${v4[3]}.0/24`;
  if (ip.includes(":")) {
    // the first four groups; a "::" before them stands for zero groups
    const head = ip.split("::")[0] ?? "";
    const groups = [...head.split(":").filter(Boolean), "0", "0", "0", "0"].slice(0, 4);
    return `${groups.join(":").toLowerCase()}::/64`;
  }
  return "";
}

export function requestContext(headers: Headers): RequestContext {
  return { userAgent: headers.get("user-agent") ?? "", ipPrefix: ipPrefix(clientIp(headers)) };
}
