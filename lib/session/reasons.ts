/**
 * Why sessions end and how that is told, in one place (edge-safe). Each table is checked by the
 * compiler (`satisfies Record<…>`): a new reason without its audit event, its refusal or its words
 * does not build. Everything else derives from them: the store's `revokedReason`, the audit event a
 * session ends with, what a request with the ended token is refused as, the sign-in page's notice
 * (its words per language in lib/i18n), the app API's error code, and the line on the account's
 * activity page.
 */

/**
 * What a request presenting an ended or unknown token is told, in the sign-in URL (`?reason=`). The
 * sign-in page says each in the visitor's language (lib/i18n/messages/auth.ts, keyed by these).
 */
export const LOGIN_REASONS = ["idle", "absolute", "revoked", "suspicious", "signed-out"] as const;

/** The policy's timeouts as words, for the notices ("30 minutes"). */
export interface Timeouts {
  idle: string;
  absolute: string;
}

export type LoginReason = (typeof LOGIN_REASONS)[number];
export const isLoginReason = (value: string | null | undefined): value is LoginReason =>
  (LOGIN_REASONS as readonly (string | null | undefined)[]).includes(value);

/** Why the store refuses a token, and how browsers (sign-in notice) and apps (error code) hear of it. */
export const REFUSALS = {
  unknown: { login: "revoked", app: "invalid_token" },
  revoked: { login: "revoked", app: "invalid_token" },
  idle: { login: "idle", app: "invalid_token" },
  absolute: { login: "absolute", app: "invalid_token" },
  reused: { login: "revoked", app: "token_reused" },
  hijack: { login: "suspicious", app: "invalid_token" },
} as const satisfies Record<string, { login: LoginReason; app: "invalid_token" | "token_reused" }>;

export type RefusalReason = keyof typeof REFUSALS;

/** The audit events a session ends with. */
export type EndingEvent = "session.revoked" | "session.expired-idle" | "session.expired-absolute" | "session.reuse-detected";

/**
 * Why a session ended: recorded in the store (`revokedReason`) and in its audit event.
 * - `event`: the audit event it ends with;
 * - `refusal`: what a request presenting its token is then refused as;
 * - `activity`: the line on the activity page, and whether it asks for the owner's attention (the line
 *   is the English; lib/i18n/messages/account.ts says it in each language, keyed by reason).
 */
export const END_REASONS = {
  "signed-out": { event: "session.revoked", refusal: "revoked", activity: "Signed out", warning: false },
  "signed-in-again": {
    event: "session.revoked",
    refusal: "revoked",
    activity: "Replaced by a new sign-in in the same browser",
    warning: false,
  },
  "expired-idle": { event: "session.expired-idle", refusal: "idle", activity: "Signed out after inactivity", warning: false },
  "expired-absolute": {
    event: "session.expired-absolute",
    refusal: "absolute",
    activity: "Signed out: the session reached its time limit",
    warning: false,
  },
  "token-reuse": {
    event: "session.reuse-detected",
    refusal: "revoked",
    activity: "Session ended: an old session key was used again (possible theft)",
    warning: true,
  },
  "revoked-by-user": { event: "session.revoked", refusal: "revoked", activity: "Session ended from the devices page", warning: false },
  "password-changed": { event: "session.revoked", refusal: "revoked", activity: "Signed out because the password changed", warning: false },
  "password-reset": {
    event: "session.revoked",
    refusal: "revoked",
    activity: "Signed out because the password was reset",
    warning: false,
  },
  "reported-by-user": {
    event: "session.revoked",
    refusal: "revoked",
    activity: "Session ended from a \u201cThis wasn\u2019t me\u201d email link",
    warning: true,
  },
  "session-limit": {
    event: "session.revoked",
    refusal: "revoked",
    activity: "Signed out to make room for a new sign-in (session limit)",
    warning: false,
  },
  "hijack-suspected": { event: "session.revoked", refusal: "hijack", activity: "Session ended: used from another browser", warning: true },
  admin: { event: "session.revoked", refusal: "revoked", activity: "Session ended by an administrator", warning: false },
  "account-disabled": { event: "session.revoked", refusal: "revoked", activity: "Session ended: the account was disabled", warning: false },
  "password-retries": {
    event: "session.revoked",
    refusal: "revoked",
    activity: "Session ended after too many wrong passwords",
    warning: true,
  },
} as const satisfies Record<string, { event: EndingEvent; refusal: RefusalReason; activity: string; warning: boolean }>;

export type RevokeReason = keyof typeof END_REASONS;
export const isRevokeReason = (value: unknown): value is RevokeReason => typeof value === "string" && Object.hasOwn(END_REASONS, value);

/** Why an ended session is refused, whoever ended it (the expiry sweep, another request, a person). */
export const refusalFor = (revokedReason: string | null): RefusalReason =>
  isRevokeReason(revokedReason) ? END_REASONS[revokedReason].refusal : "revoked";

/** The sign-in notice for a refusal. */
export const loginReasonFor = (refusal: RefusalReason): LoginReason => REFUSALS[refusal].login;

export const ENDING_EVENTS = new Set<string>(Object.values(END_REASONS).map((r) => r.event));
