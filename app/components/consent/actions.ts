"use server";

import { z } from "zod";
import { getSession } from "@/lib/auth/session";
import { errorFields, requestLog } from "@/lib/server/request-log";
import { rememberPreference, saveDecision } from "@/lib/consent/next";
import { LANGS, THEMES } from "@/lib/consent/preferences";
import { NO_CHOICES, ALL_CHOICES, type Allowed } from "@/lib/consent/state";

export type ConsentResult = { ok: true; allowed: Allowed } | { ok: false; error: string };

const on = z.literal("on").optional().transform(Boolean);
const decisionSchema = z.object({
  choice: z.enum(["accept-all", "reject-all", "custom"]),
  functional: on,
  analytics: on,
  marketing: on,
  // navigator.globalPrivacyControl, reported by the page (the Sec-GPC header is read on the server)
  gpc: z.literal("1").optional().transform(Boolean),
  source: z.enum(["banner", "preferences"]).catch("banner"),
  lang: z.enum(LANGS).optional().catch(undefined),
  theme: z.enum(THEMES).optional().catch(undefined),
});

/** The banner's and the preferences dialog's form action. Works without JavaScript (a plain form post). */
export async function saveConsent(_previous: ConsentResult | null, formData: FormData): Promise<ConsentResult> {
  const parsed = formData instanceof FormData ? decisionSchema.safeParse(Object.fromEntries(formData)) : null;
  if (!parsed?.success) return { ok: false, error: "Your choices could not be read. Reload the page and try again." };
  const { choice, gpc, source, lang, theme, ...custom } = parsed.data;
  const choices = choice === "accept-all" ? ALL_CHOICES : choice === "reject-all" ? NO_CHOICES : custom;
  // a session still to pass its step-up is not trusted with the account's records, nor is a foreign one (read-only)
  const current = await getSession();
  const userId = current && !current.stepUp && !current.foreign ? current.user.id : null;
  let saved;
  try {
    saved = await saveDecision({ choices, clientGpc: gpc, source, userId, preferences: { lang, theme } });
  } catch (error) {
    (await requestLog()).error(errorFields(error), "consent decision not saved");
    return { ok: false, error: "Your choices could not be saved just now. Nothing optional was turned on. Try again in a moment." };
  }
  return { ok: true, allowed: saved.allowed };
}

const preferenceSchema = z.discriminatedUnion("name", [
  z.object({ name: z.literal("lang"), value: z.enum(LANGS) }),
  z.object({ name: z.literal("theme"), value: z.enum(THEMES) }),
]);

/** Keeps a language or theme choice in a cookie when functional cookies are allowed; `false` tells the page to keep it for the tab. */
export async function setPreference(name: string, value: string): Promise<{ remembered: boolean }> {
  const parsed = preferenceSchema.safeParse({ name, value });
  if (!parsed.success) return { remembered: false };
  return { remembered: await rememberPreference(parsed.data.name, parsed.data.value) };
}
