import "server-only";
import { createHash } from "node:crypto";
import { cookies } from "next/headers";
import { LRUCache } from "lru-cache";
import { getDatabase } from "../db/connection";
import { getAuditLog, getSessionService, serverKeys } from "./services";
import { adoptionConfig, adoptionEnabled, foreignCookiesIn, needsSecure } from "../adoption/config";
import { adoptForeignSession, endForeignSession, endForeignSessionsOf, type AdoptionDeps, type AdoptionResult } from "../adoption/adopt";
import type { RequestContext } from "../session/types";
import type { CookieJar } from "../adoption/sources";

/** The adoption of lib/adoption/adopt.ts wired to this app's database, session service and keys. */
const adoptionKeys = () => serverKeys("session-adoption").map((k) => k.key);

async function deps(): Promise<AdoptionDeps> {
  const [{ prisma }, service, audit] = await Promise.all([getDatabase(), getSessionService(), getAuditLog()]);
  return { prisma, service, audit, config: adoptionConfig(), keys: adoptionKeys() };
}

async function jar(): Promise<CookieJar> {
  return new Map((await cookies()).getAll().map((c) => [c.name, c.value]));
}

/** Adoption is configured (some MIGRATE_FROM_* secret is set). */
export const adopting = () => adoptionEnabled(adoptionConfig());

/**
 * A user served read-only from a foreign session (outside MIGRATE_FROM_PERCENT) is read on every
 * request, by the middleware's call and again by the page: the answer is remembered for a few
 * seconds, by a digest of the foreign cookies (memory only). Forgotten at once when this instance
 * ends foreign sessions; another instance's answer may lag by at most FOREIGN_TTL_MS, for a session
 * that can change nothing.
 */
const FOREIGN_TTL_MS = 10_000;
const readOnly = new LRUCache<string, Extract<AdoptionResult, { status: "foreign" }>>({ max: 10_000, ttl: FOREIGN_TTL_MS });

function foreignDigest(cookieJar: CookieJar): string {
  const digest = createHash("sha256");
  for (const name of foreignCookiesIn(cookieJar.keys(), adoptionConfig())) digest.update(`${name}=${cookieJar.get(name)}\n`);
  return digest.digest("base64url");
}

async function remembered(mode: "adopt" | "read", ctx: RequestContext): Promise<AdoptionResult> {
  const cookieJar = await jar();
  const key = foreignDigest(cookieJar);
  const known = readOnly.get(key);
  if (known) return known;
  const result = await adoptForeignSession(await deps(), cookieJar, ctx, mode);
  if (result.status === "foreign" && mode === "adopt") readOnly.set(key, result);
  return result;
}

/** For the internal adoption route: adopt the request's foreign session, if it carries one. */
export const adoptRequestSession = (ctx: RequestContext) => remembered("adopt", ctx);

/** For pages: the foreign session of a user outside the adopted share, read-only. */
export const readRequestSession = (ctx: RequestContext) => remembered("read", ctx);

/** Sign-out (and sign-in): a foreign session still present ends where it lives and cannot come back; its cookies are cleared. */
export async function signOutForeignSession(): Promise<void> {
  if (!adopting()) return;
  const cookieJar = await jar();
  readOnly.delete(foreignDigest(cookieJar));
  const names = await endForeignSession(await deps(), cookieJar);
  const store = await cookies();
  for (const name of names) store.delete({ name, path: "/", secure: needsSecure(name) });
}

/** A user's (or everyone's) sessions of the replaced system end with theirs here (lib/adoption/adopt.ts endForeignSessionsOf). */
export async function endForeignSessions(userId: string | "everyone"): Promise<void> {
  if (!adopting()) return;
  const { prisma } = await getDatabase();
  await endForeignSessionsOf({ prisma, keys: adoptionKeys() }, userId);
  readOnly.clear();
}

/** Expired records of adopted credentials: they could no longer verify, so nothing can be refused by them. */
export async function sweepAdoptedCredentials(now = Date.now()): Promise<number> {
  const { prisma } = await getDatabase();
  return (await prisma.adoptedCredential.deleteMany({ where: { expiresAt: { lt: new Date(now) } } })).count;
}
