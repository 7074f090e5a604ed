import { createHmac } from "node:crypto";
import type { PrismaClient } from "../db/generated/client";
import type { SessionService } from "../session/service";
import { hashSessionToken } from "../session/token";
import type { AuditLog, RequestContext, StoredSession } from "../session/types";
import { LRUCache } from "lru-cache";
import { foreignCookiesIn, type AdoptionConfig, type AdoptionSource } from "./config";
import { readForeignSession, type CookieJar, type ForeignSession } from "./sources";

/**
 * Adoption: a request carrying a valid session of the system this app replaces, and none of ours,
 * becomes one of our sessions for the same user. Our session gets a token of its own (nothing the
 * foreign cookie carried is trusted further), the foreign cookies are cleared, the foreign session
 * is ended where it lives, and the foreign credential is recorded (keyed hash) until it could no
 * longer verify: presented again it is refused as reuse, and the session it became ends as stolen.
 *
 * Parallel requests of one browser all carry the foreign cookie until the first answer arrives. So
 * the new session's id and token are derived from the credential under a server key (HMAC: without
 * the key as unguessable as random ones, and no library offers this derivation): for the rotation
 * grace window after the adoption the same credential is answered with the same session, as a
 * rotated token is (lib/session/token.ts successorToken); after it, it is reuse.
 */
export type AdoptionResult =
  | { status: "adopted"; source: AdoptionSource; token: string; session: StoredSession; clear: string[] }
  /** the user is outside MIGRATE_FROM_PERCENT: served from the foreign session as it is, read-only */
  | { status: "foreign"; source: AdoptionSource; user: AdoptedUser; createdAt: number; clear: [] }
  /** no usable foreign session: signed out, with its cookies cleared */
  | {
      status: "none";
      clear: string[];
      source?: AdoptionSource;
      why: "none" | "invalid" | "unknown-user" | "disabled" | "reused" | "expired" | "limit" | "ended";
    };

export interface AdoptedUser {
  id: string;
  email: string;
  role: "user" | "admin";
}

export interface AdoptionDeps {
  prisma: PrismaClient;
  service: SessionService;
  audit: AuditLog;
  config: AdoptionConfig;
  /**
   * Server keys (HKDF of each configured secret, the sealing one first) for the credential hashes and
   * the derived id and token: records made under a secret being rotated out are still recognised.
   */
  keys: Uint8Array[];
  clock?: () => number;
}

type Why = Extract<AdoptionResult, { status: "none" }>["why"];
type Credential = Pick<ForeignSession, "source" | "credential">;

const hmac = (key: Uint8Array, purpose: string, value: string) => createHmac("sha256", key).update(`${purpose}\0${value}`).digest();
const named = (c: Credential) => `${c.source}:${c.credential}`;

/** The credential at rest: a keyed hash, so the table never holds a jti, session id or seal digest anyone could match. */
export const credentialHash = (key: Uint8Array, foreign: Credential) => hmac(key, "credential", named(foreign)).toString("hex");

/**
 * The id and token of the session a credential becomes (see above). From the credential itself,
 * which is never stored: the table's hashes and the secret together do not yield the token.
 */
export function adoptedIdentity(key: Uint8Array, foreign: Credential): { id: string; token: string } {
  const b = hmac(key, "session-id", named(foreign));
  b[6] = (b[6]! & 0x0f) | 0x40; // a valid v4 UUID: the column is typed uuid
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = b.subarray(0, 16).toString("hex");
  const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return { id, token: hmac(key, "session-token", named(foreign)).toString("base64url") };
}

/** Whether a user is among the MIGRATE_FROM_PERCENT adopted: a stable hash of who they are, the same on every instance and run. */
export function inAdoptedShare(userKey: string, percent: number): boolean {
  if (percent >= 100) return true;
  if (percent <= 0) return false;
  const bucket = hmac(new Uint8Array(0), "share", userKey.toLowerCase()).readUInt32BE(0) % 100;
  return bucket < percent;
}

/**
 * Emails are stored lower-cased here (lib/auth/fields.ts). Only ASCII ones are matched: case
 * folding of other characters (the Kelvin sign lower-cases to "k") could join a look-alike foreign
 * account to one of ours. A user with another email signs in here once, with the password.
 */
async function findUser(deps: AdoptionDeps, user: ForeignSession["user"]) {
  const select = { id: true, email: true, role: true, disabledAt: true } as const;
  if (deps.config.match === "email") {
    const email = user.email?.trim();
    if (!email || !/^[\x21-\x7e]+@[\x21-\x7e]+$/.test(email)) return null;
    return deps.prisma.user.findUnique({ where: { email: email.toLowerCase() }, select });
  }
  if (!user.id || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(user.id)) return null;
  return deps.prisma.user.findUnique({ where: { id: user.id }, select });
}

/** A verifier accepts a credential a little past its expiry (Auth.js: 15 s of clock tolerance): its record outlives that. */
const EXPIRY_MARGIN_MS = 60_000;

/** Each reuse is audited once per process, not on every request of a browser that keeps sending the cookie. */
const auditedReuse = new LRUCache<string, true>({ max: 10_000 });

/**
 * What to do with the foreign session of a request: adopt it (`mode: "adopt"`, the internal route
 * the middleware calls) or only read it (`mode: "read"`, a page rendering for a user outside the
 * adopted share, or for whom the middleware could not adopt; it changes nothing). Never throws for
 * what a cookie holds.
 */
export async function adoptForeignSession(
  deps: AdoptionDeps,
  jar: CookieJar,
  ctx: RequestContext,
  mode: "adopt" | "read",
): Promise<AdoptionResult> {
  const now = (deps.clock ?? Date.now)();
  const read = await readForeignSession(jar, deps.config, now);
  // whatever is wrong with them, every cookie of a foreign name goes (stray chunks, empty values)
  const all = foreignCookiesIn(jar.keys(), deps.config);
  const refused = (why: Why, source?: AdoptionSource): AdoptionResult => ({
    status: "none",
    clear: mode === "read" ? [] : all,
    source,
    why,
  });
  if (read.status === "none") return refused("none");
  if (read.status === "unreachable") return { status: "none", clear: [], why: "none" };
  if (read.status === "invalid" && !read.spent) return refused("invalid");

  const credential = read.status === "found" ? read.session : read.spent!;
  const hashes = deps.keys.map((key) => credentialHash(key, credential));
  const record = await deps.prisma.adoptedCredential.findFirst({ where: { credentialHash: { in: hashes } } });
  if (record) return (await answerAgain(deps, credential, all, record, ctx, now, mode)) ?? refused("reused", credential.source);
  if (read.status !== "found") return refused("invalid", credential.source);
  const foreign = read.session;

  const user = await findUser(deps, foreign.user);
  if (!user) return refused("unknown-user", foreign.source);
  if (user.disabledAt) return refused("disabled", foreign.source);
  const cutoffs = deps.keys.flatMap((key) => [cutoffHash(key, user.id), cutoffHash(key, EVERYONE)]);
  if (await deps.prisma.adoptedCredential.findFirst({ where: { credentialHash: { in: cutoffs } }, select: { source: true } }))
    return refused("ended", foreign.source);
  const createdAt = foreign.createdAt !== null && foreign.createdAt <= now ? foreign.createdAt : now;
  // this app's absolute timeout, counted from when the foreign session began
  if (now - createdAt >= deps.service.policy.absoluteTimeoutMs) return refused("expired", foreign.source);
  const person = { id: user.id, email: user.email, role: user.role };
  if (mode === "read" || !inAdoptedShare(deps.config.match === "email" ? user.email : user.id, deps.config.percent))
    return { status: "foreign", source: foreign.source, user: person, createdAt, clear: [] };

  const { id, token } = adoptedIdentity(deps.keys[0]!, foreign);
  let created;
  try {
    created = await deps.service.createSession(user.id, ctx, { adopted: { id, token, createdAt } });
  } catch (error) {
    // a parallel request of the same browser created it first (same id), and may not have
    // recorded the credential yet: answer as it was answered
    const first = await deps.service.checkSession(id, { activity: false });
    if (first.ok && first.session.tokenHash === hashSessionToken(token))
      return { status: "adopted", source: foreign.source, token, session: first.session, clear: all };
    // the session it became exists but is over (its record was swept): it was used up
    if (!first.ok && first.reason !== "unknown") return refused("reused", foreign.source);
    throw error;
  }
  if (created.status === "limit-reached") return refused("limit", foreign.source);
  await deps.prisma.adoptedCredential.upsert({
    where: { credentialHash: hashes[0]! },
    create: {
      credentialHash: hashes[0]!,
      source: foreign.source,
      sessionId: id,
      userId: user.id,
      adoptedAt: new Date(now),
      expiresAt: new Date(foreign.expiresAt + EXPIRY_MARGIN_MS),
    },
    update: {},
  });
  await foreign.end?.();
  await deps.audit.record({
    type: "session.adopted",
    userId: user.id,
    sessionId: id,
    ipPrefix: ctx.ipPrefix,
    userAgent: ctx.userAgent.slice(0, 512),
    detail: { source: foreign.source },
    at: now,
  });
  return { status: "adopted", source: foreign.source, token, session: created.session, clear: all };
}

/**
 * A credential seen before. Inside the grace window after its adoption, with the session it became
 * still live and on its first token, the same answer (a parallel request, or a retry of a call whose
 * answer was lost); otherwise it is reuse: a copy of the foreign cookie outlived its adoption, so
 * whoever holds our session may not be its owner. That session ends as stolen, exactly as when an
 * old token of ours comes back. Reading (a page) changes nothing.
 */
async function answerAgain(
  deps: AdoptionDeps,
  credential: Credential,
  clear: string[],
  record: { credentialHash: string; sessionId: string | null; userId: string | null; adoptedAt: Date },
  ctx: RequestContext,
  now: number,
  mode: "adopt" | "read",
): Promise<AdoptionResult | null> {
  const live = record.sessionId ? await deps.service.checkSession(record.sessionId, { activity: false }) : null;
  const session = live?.ok ? live.session : null;
  if (now - record.adoptedAt.getTime() <= deps.service.policy.rotationGraceMs) {
    if (mode === "read") return { status: "none", clear: [], source: credential.source, why: "none" };
    const { token } = adoptedIdentity(deps.keys[0]!, credential);
    if (session && session.tokenHash === hashSessionToken(token))
      return { status: "adopted", source: credential.source, token, session, clear };
    // adopted under a secret rotated out since, seconds ago: not the same answer, and no theft either
    return { status: "none", clear, source: credential.source, why: "reused" };
  }
  if (mode === "read") return null;
  if (session && record.userId) await deps.service.revokeUserSession(record.userId, session.id, "token-reuse", null);
  else if (!auditedReuse.has(record.credentialHash)) {
    auditedReuse.set(record.credentialHash, true);
    await deps.audit.record({
      type: "session.reuse-detected",
      userId: record.userId,
      sessionId: record.sessionId,
      ipPrefix: ctx.ipPrefix,
      userAgent: ctx.userAgent.slice(0, 512),
      detail: { source: credential.source, adopted: Boolean(record.sessionId) },
      at: now,
    });
  }
  return null;
}

const EVERYONE = "*";
/** How long foreign sessions stay refused after they were all ended: longer than any of them lives (Auth.js: 30 days). */
const CUTOFF_MS = 400 * 86_400_000;
const cutoffHash = (key: Uint8Array, userId: string) => hmac(key, "cutoff", userId).toString("hex");

/**
 * Every foreign session of a user (or of everyone) ends: after a password change, "sign out
 * everywhere else", an administrator's or the incident switch. A stolen foreign cookie not yet
 * adopted would otherwise survive exactly the act meant to throw its holder out.
 */
export async function endForeignSessionsOf(deps: Pick<AdoptionDeps, "prisma" | "keys" | "clock">, userId: string | "everyone") {
  const now = (deps.clock ?? Date.now)();
  const credentialHash = cutoffHash(deps.keys[0]!, userId === "everyone" ? EVERYONE : userId);
  const times = { adoptedAt: new Date(now), expiresAt: new Date(now + CUTOFF_MS) };
  await deps.prisma.adoptedCredential.upsert({
    where: { credentialHash },
    create: { credentialHash, source: "cutoff", sessionId: null, userId: userId === "everyone" ? null : userId, ...times },
    update: times,
  });
}

/**
 * Signing out of a foreign session that was never adopted (a user outside the adopted share): it
 * ends where it lives, and its credential is recorded, so a copy cannot sign in again. Returns the
 * cookies to clear.
 */
export async function endForeignSession(deps: AdoptionDeps, jar: CookieJar): Promise<string[]> {
  const now = (deps.clock ?? Date.now)();
  const read = await readForeignSession(jar, deps.config, now);
  const all = foreignCookiesIn(jar.keys(), deps.config);
  if (read.status !== "found") return all;
  const foreign = read.session;
  const hash = credentialHash(deps.keys[0]!, foreign);
  await deps.prisma.adoptedCredential.upsert({
    where: { credentialHash: hash },
    create: {
      credentialHash: hash,
      source: foreign.source,
      sessionId: null,
      userId: null,
      adoptedAt: new Date(now),
      expiresAt: new Date(foreign.expiresAt + EXPIRY_MARGIN_MS),
    },
    update: {},
  });
  await foreign.end?.();
  return all;
}
