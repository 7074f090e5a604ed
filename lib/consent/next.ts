import "server-only";
import { cookies, headers } from "next/headers";
import { cache } from "react";
import { clientIp } from "../auth/request-context";
import { TAB_LANG_HEADER } from "../i18n/lang";
import { metrics } from "../metrics";
import { isSecureTransport } from "../session/transport";
import { resolvePreferences, type Preferences } from "./preferences";
import { latestUserConsent, recordConsent, type ConsentSource } from "./records";
import { CONSENT_REVISION, cookieDefinition } from "./registry";
import {
  allowedCategories,
  CONSENT_COOKIE,
  consentStatus,
  cookiesOutlivingSession,
  cookiesWithoutConsent,
  encodeConsentCookie,
  honourGpc,
  sendsGpc,
  type Allowed,
  type ConsentChoices,
  type ConsentState,
  type ConsentStatus,
} from "./state";

/** The Next.js binding of consent: reads the request's consent, writes decisions and preference cookies. */
export interface RequestConsent {
  status: ConsentStatus;
  /** the request carries Sec-GPC: 1 */
  gpc: boolean;
  allowed: Allowed;
}

export const getConsent = cache(async (): Promise<RequestConsent> => {
  const [jar, h] = await Promise.all([cookies(), headers()]);
  const status = consentStatus(jar.get(CONSENT_COOKIE)?.value);
  const gpc = sendsGpc(h);
  return { status, gpc, allowed: allowedCategories(status, gpc) };
});

export const getPreferences = cache(async (): Promise<Preferences> => {
  const [jar, h, { allowed }] = await Promise.all([cookies(), headers(), getConsent()]);
  return resolvePreferences({
    functionalAllowed: allowed.functional,
    langCookie: jar.get("lang")?.value,
    themeCookie: jar.get("theme")?.value,
    tabLang: h.get(TAB_LANG_HEADER),
    acceptLanguage: h.get("accept-language"),
  });
});

/** Sets a registered cookie with the attributes and lifetime the registry gives it. */
async function setRegisteredCookie(name: string, value: string) {
  const definition = cookieDefinition(name);
  const secure = isSecureTransport(new URL("http://server.invalid"), await headers());
  (await cookies()).set(name, value, {
    httpOnly: definition.httpOnly,
    sameSite: "lax",
    path: "/",
    secure,
    ...(definition.maxAgeSeconds ? { maxAge: definition.maxAgeSeconds } : {}),
  });
}

/** Deletes, with Set-Cookie, every registered cookie the request carries that `allowed` no longer covers (HttpOnly ones too). */
async function deleteCookiesWithoutConsent(allowed: Allowed): Promise<string[]> {
  const jar = await cookies();
  const names = cookiesWithoutConsent(
    jar.getAll().map((c) => c.name),
    allowed,
  );
  for (const name of names) jar.delete({ name, path: "/" });
  return names;
}

export interface SavedDecision {
  state: ConsentState;
  allowed: Allowed;
  deleted: string[];
}

/**
 * Stores a decision: the proof record first (a decision that cannot be proven is not taken), then the
 * consent cookie, then deletes the cookies of every category that is now off. GPC, sent as a header
 * or reported by the page from navigator.globalPrivacyControl, turns analytics and marketing off.
 */
export async function saveDecision(input: {
  choices: ConsentChoices;
  clientGpc: boolean;
  source: ConsentSource;
  userId: string | null;
  /** language and theme chosen before consent (kept by the tab), to keep in cookies if functional is now on */
  preferences?: Partial<Pick<Preferences, "lang" | "theme">>;
  /** copied from the account at sign-in: lasts only as long as the session (ConsentState.inherited) */
  inherited?: boolean;
}): Promise<SavedDecision> {
  const [jar, h] = await Promise.all([cookies(), headers()]);
  const previous = consentStatus(jar.get(CONSENT_COOKIE)?.value).state;
  const gpc = sendsGpc(h) || input.clientGpc;
  const state: ConsentState = {
    id: previous?.id ?? crypto.randomUUID(),
    revision: CONSENT_REVISION,
    decidedAt: Date.now(),
    choices: honourGpc(input.choices, gpc),
    gpc,
    ...(input.inherited ? { inherited: true } : {}),
  };
  await recordConsent({
    consentId: state.id,
    userId: input.userId,
    revision: state.revision,
    choices: state.choices,
    gpc,
    source: input.source,
    ip: clientIp(h),
    userAgent: h.get("user-agent") ?? "",
  });
  await setRegisteredCookie(CONSENT_COOKIE, encodeConsentCookie(state));
  for (const [category, granted] of Object.entries(state.choices))
    metrics().consentDecisions.inc({ category, choice: granted ? "granted" : "denied" });
  const allowed = allowedCategories({ status: "decided", state }, gpc);
  if (allowed.functional) {
    for (const [name, value] of Object.entries(input.preferences ?? {})) if (value) await setRegisteredCookie(name, value);
  }
  return { state, allowed, deleted: await deleteCookiesWithoutConsent(allowed) };
}

/**
 * At sign-in, a user's choices follow them: a browser that has not decided (for this revision) takes
 * the user's newest decision, for as long as this session lasts (inherited); a browser that has
 * decided keeps its own, and it becomes the user's newest, so the next new device gets it. A
 * decision the browser only inherited from someone else's account is not this browser's: it is
 * replaced by this user's own, or dropped.
 */
export async function syncConsentAtSignIn(userId: string): Promise<void> {
  const { status } = await getConsent();
  const latest = await latestUserConsent(userId, CONSENT_REVISION);
  const own = status.status === "decided" && !status.state.inherited ? status.state : null;
  if (own) {
    const same = latest && (Object.keys(latest.choices) as (keyof ConsentChoices)[]).every((k) => latest.choices[k] === own.choices[k]);
    if (!same) await saveDecision({ choices: own.choices, clientGpc: own.gpc, source: "sign-in", userId });
  } else if (latest) {
    await saveDecision({ choices: latest.choices, clientGpc: false, source: "sign-in", userId, inherited: true });
  } else if (status.state?.inherited) {
    await forgetInheritedConsent();
  }
}

/** Sign-out: an inherited decision, and the optional cookies it allowed, leave with the session. */
export async function forgetInheritedConsent(): Promise<void> {
  const jar = await cookies();
  for (const name of cookiesOutlivingSession(
    jar.getAll().map((c) => c.name),
    jar.get(CONSENT_COOKIE)?.value,
  ))
    jar.delete({ name, path: "/" });
}

/** Keeps a language or theme choice in its cookie when functional cookies are allowed; says whether it did. */
export async function rememberPreference(name: "lang" | "theme", value: string): Promise<boolean> {
  const { allowed } = await getConsent();
  if (!allowed.functional) return false;
  await setRegisteredCookie(name, value);
  return true;
}
