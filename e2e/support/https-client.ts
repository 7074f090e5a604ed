import { request as httpsRequest } from "node:https";
import { readFileSync } from "node:fs";
import { testCertificate } from "./tls";

/**
 * A client of the production project from a chosen loopback source address (127.0.0.0/8 all
 * answers on loopback): many distinct clients behind one nginx, as the app sees them through it.
 * Trusts the test CA only; follows no redirects.
 */
export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

let ca: Buffer | undefined;

export function fromAddress(
  localAddress: string,
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  ca ??= readFileSync(testCertificate().ca);
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, { method: init.method ?? "GET", headers: init.headers, localAddress, ca, agent: false }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end(init.body);
  });
}

/** The app API's sign-in from `localAddress`, with whatever X-Forwarded-For the client chooses to write. */
export const appSignInFrom = (
  localAddress: string,
  base: string,
  credentials: { email: string; password: string },
  forwardedFor?: string,
) =>
  fromAddress(localAddress, `${base}/api/mobile/token`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(forwardedFor ? { "x-forwarded-for": forwardedFor } : {}) },
    body: JSON.stringify({ ...credentials, deviceName: "Production test" }),
  });
