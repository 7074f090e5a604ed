import { createHash } from "node:crypto";
import { decode as decodeAuthjs } from "@auth/core/jwt";
import { unsign } from "cookie-signature";
import { unsealData } from "iron-session";
import { Redis } from "ioredis";
import { AUTHJS_COOKIES, type AdoptionConfig, type AdoptionSource } from "./config";

/**
 * Reading another system's session with that system's own library: Auth.js's `decode` (the JWE it
 * issued, under its secret and with the cookie name as salt), express-session's signed cookie
 * (`cookie-signature`, as express-session itself verifies it) and the session connect-redis keeps,
 * and iron-session's `unsealData`. Nothing here trusts a value the library did not verify.
 */
export interface ForeignSession {
  source: AdoptionSource;
  /** what identifies this credential: the JWT's jti, the express session id, a hash of the iron seal */
  credential: string;
  /** the user as the foreign system names them */
  user: { email?: string; id?: string };
  /** when the foreign session began, where it says so */
  createdAt: number | null;
  /** until when the credential could still verify: its record of adoption is kept that long */
  expiresAt: number;
  /** the cookies it came in (all of them are cleared once it is adopted or refused) */
  cookies: string[];
  /** ends it in its own system, where it has one (express-session: its row in Redis) */
  end?: () => Promise<void>;
}

/**
 * A request's foreign session: found; present but not valid (its cookies are to be cleared), with
 * the credential when it verified but its session is gone from its store (spent, perhaps adopted);
 * its store unreachable (nothing is decided, nothing cleared); or none.
 */
export type ForeignRead =
  | { status: "found"; session: ForeignSession }
  | { status: "invalid"; cookies: string[]; spent?: Pick<ForeignSession, "source" | "credential"> }
  | { status: "unreachable" }
  | { status: "none" };

export type CookieJar = ReadonlyMap<string, string>;

/** A credential that says it never expires is remembered this long (as good as for ever). */
const NEVER_EXPIRES_MS = 10 * 365 * 86_400_000;
/** A creation time in seconds (as JWTs count) or milliseconds; null when it is not a plausible one. */
const asMillis = (value: unknown): number | null =>
  typeof value !== "number" || !Number.isFinite(value) || value <= 0 ? null : value < 1e12 ? value * 1000 : value;

/** The first session of a configured source the jar holds, checked by its own library. */
export async function readForeignSession(jar: CookieJar, config: AdoptionConfig, now = Date.now()): Promise<ForeignRead> {
  const invalid: string[] = [];
  let spent: Extract<ForeignRead, { status: "invalid" }>["spent"];
  for (const read of [config.authjs && readAuthjs, config.expressSession && readExpressSession, config.iron && readIron]) {
    if (!read) continue;
    const result = await read(jar, config, now);
    if (result.status === "found" || result.status === "unreachable") return result;
    if (result.status === "invalid") {
      invalid.push(...result.cookies);
      spent ??= result.spent;
    }
  }
  return invalid.length ? { status: "invalid", cookies: invalid, spent } : { status: "none" };
}

/** The value at a dotted path (`passport.user`), as a user reference: a string is an email or id, an object has them. */
export function userAt(data: unknown, path: string): ForeignSession["user"] | null {
  let value: unknown = data;
  for (const key of path.split(".").filter(Boolean)) {
    if (value === null || typeof value !== "object" || !Object.hasOwn(value, key)) return null;
    value = (value as Record<string, unknown>)[key];
  }
  if (typeof value === "string" && value) return value.includes("@") ? { email: value, id: value } : { id: value };
  if (typeof value === "number") return { id: String(value) };
  if (value && typeof value === "object") {
    const { email, id } = value as { email?: unknown; id?: unknown };
    const user = {
      email: typeof email === "string" ? email : undefined,
      id: typeof id === "string" || typeof id === "number" ? String(id) : undefined,
    };
    return user.email || user.id ? user : null;
  }
  return null;
}

const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");

/** A cookie Auth.js split into `name.0`, `name.1`, … because it outgrew 4 KB, joined again (and the names it used). */
function chunked(jar: CookieJar, name: string): { value: string; cookies: string[] } | null {
  const whole = jar.get(name);
  if (whole) return { value: whole, cookies: [name] };
  const cookies: string[] = [];
  let value = "";
  for (let i = 0; jar.has(`${name}.${i}`); i++) {
    cookies.push(`${name}.${i}`);
    value += jar.get(`${name}.${i}`);
  }
  return cookies.length ? { value, cookies } : null;
}

async function readAuthjs(jar: CookieJar, config: AdoptionConfig, now: number): Promise<ForeignRead> {
  const invalid: string[] = [];
  for (const name of AUTHJS_COOKIES) {
    const found = chunked(jar, name);
    if (!found) continue;
    // the JWE's own checks: its key (derived from the secret and the cookie name), integrity, expiry
    const token = await decodeAuthjs({ token: found.value, secret: config.authjs!.secrets, salt: name }).catch(() => null);
    const user = token ? { email: typeof token.email === "string" ? token.email : undefined, id: token.sub } : null;
    if (!token || !user || (!user.email && !user.id)) {
      invalid.push(...found.cookies);
      continue;
    }
    return {
      status: "found",
      session: {
        source: "authjs",
        // Auth.js gives every token a jti; a hash of the value stands in for one that has none
        credential: typeof token.jti === "string" ? `jti:${token.jti}` : `value:${sha256(found.value)}`,
        user,
        // Auth.js renews iat with every session update, so it does not say when the session began
        createdAt: null,
        expiresAt: typeof token.exp === "number" ? token.exp * 1000 : now + NEVER_EXPIRES_MS,
        cookies: found.cookies,
      },
    };
  }
  return invalid.length ? { status: "invalid", cookies: invalid } : { status: "none" };
}

const REDIS_KEY = Symbol.for("next-session-secure.adoption-redis");
type RedisHolder = { [REDIS_KEY]?: { url: string; client: Redis } };

/** One client per process for the Redis connect-redis used (not the app's own Redis). */
function expressRedis(url: string): Redis {
  const holder = globalThis as RedisHolder;
  if (holder[REDIS_KEY]?.url !== url) {
    holder[REDIS_KEY]?.client.disconnect();
    const client = new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 2_000, lazyConnect: true });
    // each command that fails says so (readExpressSession answers "unreachable"): no unhandled error event
    client.on("error", () => {});
    holder[REDIS_KEY] = { url, client };
  }
  return holder[REDIS_KEY].client;
}

/** express-session's cookie: `s:` + session id + `.` + HMAC-SHA256 signature, URL-encoded by express. */
async function readExpressSession(jar: CookieJar, config: AdoptionConfig, now: number): Promise<ForeignRead> {
  const settings = config.expressSession!;
  const raw = jar.get(settings.cookie);
  if (!raw) return { status: "none" };
  const refused: ForeignRead = { status: "invalid", cookies: [settings.cookie] };
  let value = raw;
  try {
    if (value.startsWith("s%3A")) value = decodeURIComponent(value);
  } catch {
    return refused;
  }
  if (!value.startsWith("s:")) return refused;
  let sid: string | false = false;
  for (const secret of settings.secrets) if ((sid = unsign(value.slice(2), secret))) break;
  if (!sid) return refused;

  const redis = expressRedis(settings.redisUrl);
  const key = `${settings.prefix}${sid}`;
  let stored: string | null;
  try {
    stored = await redis.get(key);
  } catch {
    // the old system's Redis is down: nobody is signed out for it, nothing is decided
    return { status: "unreachable" };
  }
  // signed by the old app, but no longer in its store: ended there, or adopted here already
  if (!stored) return { ...refused, spent: { source: "express-session", credential: `sid:${sid}` } };
  let data: { cookie?: { expires?: string | null }; createdAt?: unknown };
  try {
    data = JSON.parse(stored);
  } catch {
    return refused;
  }
  const user = userAt(data, settings.userPath);
  if (!user) return refused;
  const expires = data.cookie?.expires ? Date.parse(data.cookie.expires) : NaN;
  const ttl = Number.isFinite(expires) ? null : await redis.pttl(key).catch(() => -1);
  return {
    status: "found",
    session: {
      source: "express-session",
      credential: `sid:${sid}`,
      user,
      createdAt: asMillis(data.createdAt),
      expiresAt: Number.isFinite(expires) ? expires : now + (ttl && ttl > 0 ? ttl : NEVER_EXPIRES_MS),
      cookies: [settings.cookie],
      end: async () => void (await redis.del(key)),
    },
  };
}

/** The expiry an iron seal carries (`Fe26.2*…*expiration*…`); a seal made with ttl 0 carries none and never expires. */
function ironExpiry(seal: string, now: number): number {
  const expiration = Number(seal.split("~")[0]!.split("*")[5]);
  return Number.isFinite(expiration) && expiration > 0 ? expiration : now + NEVER_EXPIRES_MS;
}

async function readIron(jar: CookieJar, config: AdoptionConfig, now: number): Promise<ForeignRead> {
  const settings = config.iron!;
  const seal = jar.get(settings.cookie);
  if (!seal) return { status: "none" };
  // iron-session's own unseal: integrity, the password, and the seal's expiry ({} when any fails)
  const data = await unsealData<Record<string, unknown>>(seal, { password: settings.password });
  const user = userAt(data, settings.userPath);
  if (!user) return { status: "invalid", cookies: [settings.cookie] };
  return {
    status: "found",
    session: {
      source: "iron-session",
      credential: `seal:${sha256(seal)}`,
      user,
      createdAt: asMillis(data.createdAt),
      expiresAt: ironExpiry(seal, now),
      cookies: [settings.cookie],
    },
  };
}
