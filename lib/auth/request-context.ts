import { ipPrefix, normaliseAddress } from "../http/client-address";
import { describeDevice } from "../session/device";
import type { RequestContext } from "../session/types";

export { ipPrefix } from "../http/client-address";

/**
 * The client address the app acts on. The front server (server.ts) resolves it from the socket and,
 * behind TRUST_PROXY_HOPS reverse proxies, from the entry the outermost of them appended, and writes
 * that one address into X-Forwarded-For, replacing whatever the client sent. So this is never an
 * address the client wrote. "" when it could not be read (a mismatch for binding).
 */
export function clientIp(headers: Headers): string {
  return normaliseAddress(headers.get("x-forwarded-for"));
}

/** The browser and masked network of a request, and a readable name for the device. */
export function requestContext(headers: Headers, ip = clientIp(headers)): RequestContext {
  const userAgent = headers.get("user-agent") ?? "";
  return { userAgent, ipPrefix: ipPrefix(ip), deviceLabel: describeDevice(userAgent) };
}
