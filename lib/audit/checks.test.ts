import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { runAudit, type CheckResult } from "./checks";

/**
 * The audit tool against small servers written for this test: one that does everything right, and
 * deliberately weak variants, each of which must make its check fail. No switch in the application.
 */
type Weakness =
  | "noHttpOnly"
  | "noSameSite"
  | "noRegenerate"
  | "logoutKeeps"
  | "noCsrf"
  | "openRedirect"
  | "noBinding"
  | "noHeaders"
  | "shortIds"
  | "noIdle"
  | "noClearSiteData";

const EMAIL = "audit@example.test";
const PASSWORD = "correct horse battery staple";
const IDLE_MS = 1_000;

function sessionServer(weak: Set<Weakness>): Server {
  const sessions = new Map<string, { userAgent: string; lastSeen: number }>();
  let counter = 1000;
  const newId = () => (weak.has("shortIds") ? String(counter++) : randomBytes(32).toString("base64url"));
  const cookieOf = (req: IncomingMessage) => /(?:^|;\s*)sid=([^;]+)/.exec(req.headers.cookie ?? "")?.[1];
  const live = (req: IncomingMessage) => {
    const id = cookieOf(req);
    const s = id ? sessions.get(id) : undefined;
    if (!s) return null;
    if (!weak.has("noIdle") && Date.now() - s.lastSeen > IDLE_MS) return (sessions.delete(id!), null);
    if (!weak.has("noBinding") && s.userAgent !== req.headers["user-agent"]) return null;
    s.lastSeen = Date.now();
    return id!;
  };
  const headers = (res: ServerResponse) => {
    if (weak.has("noHeaders")) return;
    res.setHeader("content-security-policy", "default-src 'self'; script-src 'self'; frame-ancestors 'none'");
    res.setHeader("x-frame-options", "DENY");
    res.setHeader("x-content-type-options", "nosniff");
    res.setHeader("cache-control", "private, no-store");
  };
  const cookie = (value: string, extra = "") =>
    `sid=${value}; Path=/${weak.has("noHttpOnly") ? "" : "; HttpOnly"}${weak.has("noSameSite") ? "" : "; SameSite=Lax"}${extra}`;

  return createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    headers(res);
    if (req.method === "GET" && url.pathname === "/login") {
      res.setHeader("content-type", "text/html");
      return res.end(
        `<form method="post" action="/login${url.search}"><input type="email" name="email"><input type="password" name="password"><input type="hidden" name="t" value="x"></form>`,
      );
    }
    if (req.method === "POST" && url.pathname === "/login") {
      const form = await new Response(body, { headers: { "content-type": req.headers["content-type"] ?? "" } }).formData();
      if (form.get("email") !== EMAIL || form.get("password") !== PASSWORD) return res.writeHead(200).end("wrong");
      const presented = cookieOf(req);
      let id: string;
      if (weak.has("noRegenerate") && presented) id = presented;
      else {
        if (presented) sessions.delete(presented);
        id = newId();
      }
      sessions.set(id, { userAgent: String(req.headers["user-agent"]), lastSeen: Date.now() });
      const next = url.searchParams.get("next") ?? "/account";
      const safe =
        weak.has("openRedirect") || (next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\")) ? next : "/account";
      return res.writeHead(303, { location: safe, "set-cookie": cookie(id) }).end();
    }
    if (url.pathname === "/account") {
      return live(req) ? res.writeHead(200).end("account") : res.writeHead(303, { location: "/login" }).end();
    }
    if (req.method === "POST" && url.pathname === "/logout") {
      const origin = req.headers.origin;
      if (!weak.has("noCsrf") && origin && origin !== `http://${req.headers.host}`) return res.writeHead(403).end("cross-site");
      const id = cookieOf(req);
      if (id && !weak.has("logoutKeeps")) sessions.delete(id);
      const out: Record<string, string> = { "set-cookie": cookie("", "; Max-Age=0") };
      if (!weak.has("noClearSiteData")) out["clear-site-data"] = '"cache", "storage"';
      return res.writeHead(303, { ...out, location: "/login" }).end();
    }
    res.writeHead(404).end();
  });
}

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

async function audit(...weaknesses: Weakness[]): Promise<Map<string, CheckResult>> {
  server = sessionServer(new Set(weaknesses));
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  // waiting out the idle timeout only where it is what the case is about
  const idleSeconds = weaknesses.length === 0 || weaknesses.includes("noIdle") ? IDLE_MS / 1000 : undefined;
  const results = await runAudit({
    url: `http://127.0.0.1:${port}`,
    email: EMAIL,
    password: PASSWORD,
    logoutPath: "/logout",
    samples: 5,
    idleSeconds,
  });
  return new Map(results.map((r) => [r.id, r]));
}
const failed = (results: Map<string, CheckResult>) => [...results.values()].filter((r) => r.outcome === "fail").map((r) => r.id);

describe("session audit tool", () => {
  it("passes a server that does everything right (every check can pass)", async () => {
    const results = await audit();
    expect(failed(results)).toEqual([]);
    expect([...results.values()].filter((r) => r.outcome === "pass").length).toBeGreaterThanOrEqual(18);
  });

  it.each([
    ["a cookie without HttpOnly", "noHttpOnly", ["TRN-01"]],
    ["a cookie without SameSite", "noSameSite", ["TRN-02"]],
    ["an ID that is not regenerated on sign-in", "noRegenerate", ["GEN-03"]],
    ["a logout that keeps the session on the server", "logoutKeeps", ["TRM-03"]],
    ["a logout without Clear-Site-Data", "noClearSiteData", ["TRM-02"]],
    ["a logout that accepts cross-site posts", "noCsrf", ["CSR-01"]],
    ["sign-in that follows an external next=", "openRedirect", ["RED-01"]],
    ["a cookie that works from any browser", "noBinding", ["VAL-02"]],
    ["no security headers", "noHeaders", ["TRN-07", "TRN-08", "TRN-09", "TRN-10"]],
    ["short, sequential IDs", "shortIds", ["GEN-02"]],
    ["no idle timeout", "noIdle", ["VAL-03"]],
  ] as const)("fails %s", async (_, weakness, checks) => {
    expect(failed(await audit(weakness))).toEqual(checks);
  });
});
