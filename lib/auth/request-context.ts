import { describeDevice } from "../session/device";
import type { RequestContext } from "../session/service";

/**
 * The client address. Behind reverse proxies that append to X-Forwarded-For, set TRUST_PROXY_HOPS
 * to their number: the address is the entry the outermost of them appended, and entries before it
 * (which the client can write) are ignored. Reached directly (0, the default), the address is best
 * effort: `next start` writes the socket address into X-Forwarded-For only when the request has
 * none, so a client can claim any address. Per-address throttling and IP binding are then advisory;
 * per-account throttling holds either way. Run production behind a proxy.
 */
export function clientIp(headers: Headers, env: Record<string, string | undefined> = process.env): string {
  const chain = (headers.get("x-forwarded-for") ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  const hops = Math.max(1, Number(env.TRUST_PROXY_HOPS) || 0);
  return chain[Math.max(0, chain.length - hops)] ?? "";
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

/** The browser and masked network of a request, and a readable name for the device. */
export function requestContext(headers: Headers): RequestContext {
  const userAgent = headers.get("user-agent") ?? "";
  return { userAgent, ipPrefix: ipPrefix(clientIp(headers)), deviceLabel: describeDevice(userAgent) };
}
