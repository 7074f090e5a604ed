import { Client, type Answer, type SetCookie } from "./client";

/**
 * The black-box session audit: what the source material's audit checklist asks of a deployment,
 * checked from the outside over HTTP (generation, transmission, validation, termination, CSRF,
 * redirects). Each check has a stable id, passes, fails or is skipped with the reason.
 */
export interface AuditOptions {
  url: string;
  email: string;
  password: string;
  loginPath?: string;
  protectedPath?: string;
  logoutPath?: string;
  /** the session cookie's name; found from the sign-in response when not given */
  cookieName?: string;
  /** sign-ins for the ID generation check */
  samples?: number;
  /** when set, wait this long (plus a second) and expect the idle session refused */
  idleSeconds?: number;
  absoluteSeconds?: number;
}

export type Outcome = "pass" | "fail" | "skip";
export interface CheckResult {
  id: string;
  area: string;
  title: string;
  outcome: Outcome;
  detail: string;
}

const MIN_ID_BITS = 128;

/**
 * What every area of the audit works with: the options with their defaults, recording a result,
 * signing a fresh client in, asking whether a client is signed in, and the first sign-in (whose
 * cookie the transmission checks read).
 */
async function startAudit(options: AuditOptions) {
  const o = {
    ...options,
    loginPath: options.loginPath ?? "/login",
    protectedPath: options.protectedPath ?? "/account",
    logoutPath: options.logoutPath ?? "/api/auth/logout",
    samples: options.samples ?? 20,
  };
  const base = new URL(o.url);
  const https = base.protocol === "https:";
  const results: CheckResult[] = [];
  const record = (id: string, area: string, title: string, outcome: Outcome, detail: string) =>
    results.push({ id, area, title, outcome, detail });
  const check = (id: string, area: string, title: string, ok: boolean, detail: string) =>
    record(id, area, title, ok ? "pass" : "fail", detail);

  /** Signs a fresh client in; returns it with the session cookie the server set. */
  async function signedIn(client = new Client(base), next?: string): Promise<{ client: Client; answer: Answer; cookie: SetCookie }> {
    const path = next ? `${o.loginPath}?next=${encodeURIComponent(next)}` : o.loginPath;
    const answer = await client.submitLoginForm(path, o.email, o.password);
    const candidates = answer.setCookies.filter((c) => c.value !== "" && (!o.cookieName || c.name === o.cookieName));
    const cookie = candidates.find((c) => c.attributes.httponly) ?? candidates[0];
    if (!cookie) throw new Error(`signing in at ${o.loginPath} set no cookie (status ${answer.status}); check --email and --password`);
    return { client, answer, cookie };
  }
  /** Whether a client is treated as signed in: the protected page answers 200 (not a redirect to sign-in). */
  const isSignedIn = async (client: Client, userAgent?: string) => (await client.request(o.protectedPath, { userAgent })).status === 200;
  const withCookie = (name: string, value: string) => {
    const c = new Client(base);
    c.jar.set(name, value);
    return c;
  };

  let first = await signedIn();
  if (!o.cookieName) {
    // several HttpOnly cookies at sign-in (a device cookie beside the session's): the session cookie
    // is the one that, alone, lets the protected page through
    const httpOnly = first.answer.setCookies.filter((c) => c.value !== "" && c.attributes.httponly);
    if (httpOnly.length > 1)
      for (const cookie of httpOnly)
        if (await isSignedIn(withCookie(cookie.name, cookie.value))) {
          o.cookieName = cookie.name;
          first = { ...first, cookie };
          break;
        }
  }
  return { o, base, https, results, record, check, signedIn, isSignedIn, withCookie, first, name: first.cookie.name };
}

type Audit = Awaited<ReturnType<typeof startAudit>>;

/** Runs every area's checks, in the order of the source material's checklist. */
export async function runAudit(options: AuditOptions): Promise<CheckResult[]> {
  const audit = await startAudit(options);
  for (const area of [generation, transmission, validation, termination, forgery]) await area(audit);
  return audit.results;
}

/** Session ID generation: unique, long enough, renewed at sign-in. */
async function generation({ o, check, signedIn, isSignedIn, withCookie, first, name }: Audit) {
  const values = [first.cookie.value];
  for (let i = 1; i < o.samples; i++) values.push((await signedIn()).cookie.value);
  const distinct = new Set(values).size;
  const bits = Math.min(...values.map(estimatedBits));
  check(
    "GEN-01",
    "generation",
    `session ID unique across ${o.samples} sign-ins`,
    distinct === values.length,
    `${distinct} distinct of ${values.length}`,
  );
  check(
    "GEN-02",
    "generation",
    `session ID carries ≥ ${MIN_ID_BITS} bits`,
    bits >= MIN_ID_BITS,
    `≈ ${Math.round(bits)} bits (length ${Math.min(...values.map((v) => v.length))}, character-set estimate)`,
  );
  {
    // a client already holding a session signs in again: it must get a new ID, and the old one must die
    const again = await signedIn(withCookie(name, first.cookie.value));
    const regenerated = again.cookie.value !== first.cookie.value;
    const oldDead = !(await isSignedIn(withCookie(name, first.cookie.value)));
    check(
      "GEN-03",
      "generation",
      "sign-in issues a new session ID and ends the one presented (fixation)",
      regenerated && oldDead,
      regenerated
        ? oldDead
          ? "new ID; the presented one is refused"
          : "new ID, but the presented one still works"
        : "the same ID was kept",
    );
  }
}

/** Transmission: the cookie's attributes and the headers of an authenticated page. */
async function transmission({ o, https, record, check, signedIn, first, name }: Audit) {
  const a = first.cookie.attributes;
  check(
    "TRN-01",
    "transmission",
    "cookie is HttpOnly",
    a.httponly === true,
    a.httponly ? "HttpOnly" : "scripts can read the session cookie",
  );
  const sameSite = typeof a.samesite === "string" ? a.samesite.toLowerCase() : "";
  check(
    "TRN-02",
    "transmission",
    "cookie has SameSite=Lax or Strict",
    sameSite === "lax" || sameSite === "strict",
    sameSite ? `SameSite=${a.samesite}` : "no SameSite attribute",
  );
  check(
    "TRN-03",
    "transmission",
    "cookie is scoped to Path=/ without Domain",
    a.path === "/" && !a.domain,
    `Path=${a.path ?? "(none)"}${a.domain ? `; Domain=${a.domain}` : ""}`,
  );
  if (https) {
    check(
      "TRN-04",
      "transmission",
      "cookie is Secure with the __Host- prefix",
      a.secure === true && name.startsWith("__Host-"),
      `${name}; ${a.secure ? "Secure" : "not Secure"}`,
    );
  } else {
    record(
      "TRN-04",
      "transmission",
      "cookie is Secure with the __Host- prefix",
      "skip",
      "plain HTTP target: audit the TLS deployment for this",
    );
  }
  check("TRN-05", "transmission", "cookie is under 4 KB", first.cookie.raw.length < 4096, `${first.cookie.raw.length} bytes`);
  check(
    "TRN-06",
    "transmission",
    "session name reveals no framework",
    !/sess(ion)?id|connect\.sid|next-auth|laravel|phpsessid/i.test(name),
    name,
  );
  {
    // the headers of a page served to a live session: one signed in now (the first one was ended by
    // GEN-03, and may have idled out on a deployment with a short idle timeout)
    const live = await signedIn();
    const page = await live.client.request(o.protectedPath);
    const h = page.headers;
    const csp = h.get("content-security-policy") ?? "";
    check(
      "TRN-07",
      "transmission",
      "Content-Security-Policy restricts scripts",
      /script-src/.test(csp) && !/script-src[^;]*'unsafe-inline'(?![^;]*'nonce-)/.test(csp),
      csp ? csp.slice(0, 80) : "no CSP",
    );
    const framing = h.get("x-frame-options")?.toUpperCase() === "DENY" || /frame-ancestors\s+'none'/.test(csp);
    check("TRN-08", "transmission", "framing is refused (clickjacking)", framing, h.get("x-frame-options") ?? "no X-Frame-Options");
    check(
      "TRN-09",
      "transmission",
      "X-Content-Type-Options: nosniff",
      h.get("x-content-type-options") === "nosniff",
      h.get("x-content-type-options") ?? "missing",
    );
    const cache = h.get("cache-control") ?? "";
    check(
      "TRN-10",
      "transmission",
      "authenticated pages are not cached",
      page.status === 200 && /no-store/.test(cache),
      page.status === 200 ? cache || "no Cache-Control" : `the page did not answer a signed-in client (status ${page.status})`,
    );
    if (https)
      check(
        "TRN-11",
        "transmission",
        "Strict-Transport-Security is sent",
        Boolean(h.get("strict-transport-security")),
        h.get("strict-transport-security") ?? "missing",
      );
    else record("TRN-11", "transmission", "Strict-Transport-Security is sent", "skip", "plain HTTP target");
  }
}

/** Validation: tampered and replayed cookies, idle and absolute timeouts. */
async function validation({ o, record, check, signedIn, isSignedIn, withCookie, first, name }: Audit) {
  {
    const tampered = first.cookie.value.slice(0, -2) + (first.cookie.value.endsWith("A") ? "BB" : "AA");
    const answer = await withCookie(name, tampered).request(o.protectedPath);
    check(
      "VAL-01",
      "validation",
      "a tampered session cookie is refused, without a server error",
      answer.status !== 200 && answer.status < 500,
      `status ${answer.status}`,
    );
  }
  {
    const other = await signedIn();
    const stolen = withCookie(name, other.cookie.value);
    const foreign = await stolen.request(o.protectedPath, {
      userAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:130.0) Gecko/20100101 Firefox/130.0",
    });
    check(
      "VAL-02",
      "validation",
      "a cookie replayed from another browser is challenged or refused (binding)",
      foreign.status !== 200,
      `status ${foreign.status}${foreign.location ? ` → ${foreign.location}` : ""}`,
    );
  }
  if (o.idleSeconds) {
    const idle = await signedIn();
    await new Promise((r) => setTimeout(r, (o.idleSeconds! + 1.5) * 1000));
    check(
      "VAL-03",
      "validation",
      `an idle session is refused after ${o.idleSeconds} s`,
      !(await isSignedIn(idle.client)),
      "checked after the idle timeout",
    );
  } else {
    record("VAL-03", "validation", "an idle session is refused after the idle timeout", "skip", "pass --idle-seconds N to wait for it");
  }
  if (o.absoluteSeconds) {
    const long = await signedIn();
    const until = Date.now() + (o.absoluteSeconds + 1.5) * 1000;
    let alive = true;
    while (Date.now() < until) {
      alive = await isSignedIn(long.client);
      await new Promise((r) => setTimeout(r, 1_000));
    }
    alive = await isSignedIn(long.client);
    check(
      "VAL-04",
      "validation",
      `an active session ends after ${o.absoluteSeconds} s (absolute)`,
      !alive,
      "kept active every second until then",
    );
  } else {
    record("VAL-04", "validation", "an active session ends at the absolute timeout", "skip", "pass --absolute-seconds N to wait for it");
  }
}

/** Termination: logout clears the cookie and ends the session on the server. */
async function termination({ o, base, check, signedIn, isSignedIn, withCookie, name }: Audit) {
  {
    const session = await signedIn();
    const copy = session.client.jar.get(name)!;
    const out = await session.client.request(o.logoutPath, { method: "POST", headers: { origin: base.origin } });
    const cleared = out.setCookies.some((c) => c.name === name && (c.value === "" || c.attributes["max-age"] === "0"));
    check("TRM-01", "termination", "logout clears the cookie", cleared, cleared ? "cleared" : `status ${out.status}, cookie not cleared`);
    const csd = out.headers.get("clear-site-data") ?? "";
    check("TRM-02", "termination", "logout sends Clear-Site-Data", /cache|storage|\*/.test(csd), csd || "missing");
    check(
      "TRM-03",
      "termination",
      "a copy of the cookie replayed after logout is refused",
      !(await isSignedIn(withCookie(name, copy))),
      "server-side session ended",
    );
  }
}

/** Cross-site requests and redirects. */
async function forgery({ o, base, check, signedIn, isSignedIn }: Audit) {
  {
    const session = await signedIn();
    const forged = await session.client.request(o.logoutPath, {
      method: "POST",
      headers: { origin: "https://attacker.example", "sec-fetch-site": "cross-site" },
    });
    const stillIn = await isSignedIn(session.client);
    check(
      "CSR-01",
      "csrf",
      "a cross-origin POST is refused",
      forged.status === 403 || (stillIn && forged.status >= 400),
      `status ${forged.status}; session ${stillIn ? "kept" : "ended by the forged request"}`,
    );
  }
  {
    const evil = "https://attacker.example/phish";
    const results = await Promise.all(
      [evil, "//attacker.example", "/\\attacker.example"].map(async (next) => {
        const { answer } = await signedIn(new Client(base), next);
        const target = answer.location ? new URL(answer.location, base) : null;
        return !target || target.host === base.host;
      }),
    );
    check(
      "RED-01",
      "redirect",
      "sign-in never redirects off-site (open redirect)",
      results.every(Boolean),
      results.every(Boolean) ? "stays on this site" : "followed an external next=",
    );
  }
}

/** Entropy estimate: length × log2 of the smallest alphabet that covers the value. */
export function estimatedBits(value: string): number {
  let alphabet = 0;
  if (/^[0-9a-f]+$/i.test(value)) alphabet = 16;
  else if (/^[0-9A-Za-z]+$/.test(value)) alphabet = 62;
  else if (/^[0-9A-Za-z_\-~*.%]+$/.test(value)) alphabet = 64;
  else alphabet = 90;
  return value.length * Math.log2(alphabet);
}

export function formatTable(results: CheckResult[]): string {
  const rows = results.map((r) => [r.id, r.outcome.toUpperCase(), r.title, r.detail]);
  const widths = [6, 4, Math.max(...rows.map((r) => r[2]!.length)), 0];
  const line = (cells: string[]) => cells.map((c, i) => (widths[i] ? c.padEnd(widths[i]!) : c)).join("  ");
  const passed = results.filter((r) => r.outcome === "pass").length;
  const failed = results.filter((r) => r.outcome === "fail").length;
  const skipped = results.filter((r) => r.outcome === "skip").length;
  return [line(["check", "", "what", "found"]), ...rows.map(line), "", `${passed} passed, ${failed} failed, ${skipped} skipped`].join("\n");
}
