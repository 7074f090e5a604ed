import { z } from "zod";
import { CONSENT_REVISION, COOKIES, GPC_CATEGORIES, registeredCookie, type Category, type OptionalCategory } from "./registry";

/**
 * The consent cookie and what it allows. Edge-safe (the middleware uses it).
 *
 * Format: `v1.` + base64url(JSON). The cookie is not signed: editing it can only grant or refuse the
 * editor's own consent, and every decision is also kept server-side as a consent record (the proof).
 * Anything unreadable (malformed, oversized, another version, unknown fields of the wrong type) is
 * "no decision": the banner asks again and nothing optional runs. It is never an error.
 */
export const CONSENT_COOKIE = "consent";
const VERSION_PREFIX = "v1.";
const MAX_CONSENT_COOKIE_LENGTH = 512;

export type ConsentChoices = Record<OptionalCategory, boolean>;

export interface ConsentState {
  /** one id per browser, kept across its decisions: the key of its consent records */
  id: string;
  /** the registry revision the decision was made for */
  revision: number;
  decidedAt: number;
  choices: ConsentChoices;
  /** the browser sent Global Privacy Control when the decision was made */
  gpc: boolean;
  /**
   * copied from the signed-in account's newest decision, not made in this browser: it lasts only as
   * long as that session, so the next person at a shared browser is asked for their own
   */
  inherited?: boolean;
}

const cookieSchema = z.object({
  id: z.uuid(),
  rev: z.number().int().positive(),
  at: z.number().int().nonnegative(),
  f: z.boolean(),
  a: z.boolean(),
  m: z.boolean(),
  gpc: z.boolean().optional(),
  u: z.boolean().optional(),
});

export function encodeConsentCookie(state: ConsentState): string {
  const json = JSON.stringify({
    id: state.id,
    rev: state.revision,
    at: state.decidedAt,
    f: state.choices.functional,
    a: state.choices.analytics,
    m: state.choices.marketing,
    ...(state.gpc ? { gpc: true } : {}),
    ...(state.inherited ? { u: true } : {}),
  });
  return VERSION_PREFIX + toBase64Url(json);
}

/** The decision in a consent cookie, or null for anything that is not one (never throws). */
export function parseConsentCookie(raw: string | undefined | null): ConsentState | null {
  if (!raw || raw.length > MAX_CONSENT_COOKIE_LENGTH || !raw.startsWith(VERSION_PREFIX)) return null;
  let json: unknown;
  try {
    json = JSON.parse(fromBase64Url(raw.slice(VERSION_PREFIX.length)));
  } catch {
    return null;
  }
  const parsed = cookieSchema.safeParse(json);
  if (!parsed.success) return null;
  const d = parsed.data;
  return {
    id: d.id,
    revision: d.rev,
    decidedAt: d.at,
    choices: { functional: d.f, analytics: d.a, marketing: d.m },
    gpc: d.gpc ?? false,
    ...(d.u ? { inherited: true } : {}),
  };
}

export type ConsentStatus =
  | { status: "undecided"; state: null }
  /** decided for an older revision of the registry: asked again, and nothing optional until then */
  | { status: "outdated"; state: ConsentState }
  | { status: "decided"; state: ConsentState };

export function consentStatus(raw: string | undefined | null, revision = CONSENT_REVISION): ConsentStatus {
  const state = parseConsentCookie(raw);
  if (!state) return { status: "undecided", state: null };
  return state.revision === revision ? { status: "decided", state } : { status: "outdated", state };
}

export type Allowed = Record<Category, boolean>;

/**
 * What may run for this request: essential always; the optional categories only with a decision for
 * the current revision; analytics and marketing never while the browser sends Global Privacy Control.
 */
export function allowedCategories(status: ConsentStatus, gpc: boolean): Allowed {
  const choices = status.status === "decided" ? status.state.choices : NO_CHOICES;
  const allowed: Allowed = { essential: true, ...choices };
  if (gpc) for (const category of GPC_CATEGORIES) allowed[category] = false;
  return allowed;
}

export const NO_CHOICES: ConsentChoices = { functional: false, analytics: false, marketing: false };
export const ALL_CHOICES: ConsentChoices = { functional: true, analytics: true, marketing: true };

/** Choices as the visitor made them, with GPC applied: a signal the browser sends wins over a click. */
export function honourGpc(choices: ConsentChoices, gpc: boolean): ConsentChoices {
  return gpc ? { ...choices, analytics: false, marketing: false } : choices;
}

/** Registered cookies, among those present, whose category is not allowed: to be deleted. */
export function cookiesWithoutConsent(present: Iterable<string>, allowed: Allowed): string[] {
  const names = new Set(present);
  return COOKIES.filter((c) => names.has(c.name) && !allowed[c.category]).map((c) => c.name);
}

/**
 * Registered optional cookies a request carries without consent for their category (a withdrawal made
 * in another tab, a revision bump, GPC switched on): the middleware deletes them on every response.
 * Costs nothing for a request that carries none.
 */
export function unconsentedCookies(present: string[], consentRaw: string | undefined, headers: Headers): string[] {
  const optional = present.filter((name) => {
    const cookie = registeredCookie(name);
    return cookie !== undefined && cookie.category !== "essential";
  });
  if (optional.length === 0) return [];
  return cookiesWithoutConsent(optional, allowedCategories(consentStatus(consentRaw), sendsGpc(headers)));
}

/**
 * Cookies to delete once a browser has no session: an inherited consent decision (see
 * ConsentState.inherited) and every optional cookie it allowed, so a decision copied from an
 * account never outlives its sign-out. Empty for a decision the browser made itself.
 */
export function cookiesOutlivingSession(present: string[], consentRaw: string | undefined): string[] {
  if (!parseConsentCookie(consentRaw)?.inherited) return [];
  const optional = present.filter((name) => (registeredCookie(name)?.category ?? "essential") !== "essential");
  return [CONSENT_COOKIE, ...optional];
}

/** `Sec-GPC: 1` is the whole signal (https://privacycg.github.io/gpc-spec/). */
export const sendsGpc = (headers: Headers): boolean => headers.get("sec-gpc")?.trim() === "1";

function toBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(encoded: string): string {
  if (!/^[A-Za-z0-9_-]*$/.test(encoded)) throw new Error("not base64url");
  const binary = atob(encoded.replace(/-/g, "+").replace(/_/g, "/"));
  return new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}
