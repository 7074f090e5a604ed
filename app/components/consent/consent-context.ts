"use client";

import { createContext, useContext } from "react";
import type { ConsentMessages } from "@/lib/consent/messages";
import type { Theme } from "@/lib/consent/preferences";
import type { Lang } from "@/lib/consent/registry";
import type { ConsentChoices } from "@/lib/consent/state";

/**
 * What the consent banner, preferences dialog, footer and cookie policy share in the browser: the
 * visitor's language and theme, the current decision, whether Global Privacy Control is on, and the
 * preferences dialog. The server decides what may run; this only shows it and asks. Apart from the
 * provider (consent-ui.tsx), so the dialog the provider renders can read it without a cycle.
 */
export interface ConsentSnapshot {
  /** the decision for the current revision, or null when the banner asks */
  choices: ConsentChoices | null;
  decidedAt: number | null;
  /** a decision exists, but for an older revision of the cookie policy */
  outdated: boolean;
  /** the request carried Sec-GPC: 1 */
  gpc: boolean;
}

export interface ConsentUi extends ConsentSnapshot {
  lang: Lang;
  theme: Theme;
  remembered: boolean;
  /** preferences the visitor picked in this tab (not defaults): kept in cookies once functional is allowed */
  picked: { lang?: Lang; theme?: Theme };
  t: ConsentMessages;
  setLang(lang: Lang): void;
  setTheme(theme: Theme): void;
  openPreferences(): void;
  /** a short message for the live region: saved, failed */
  announce(message: string): void;
}

export const ConsentContext = createContext<ConsentUi | null>(null);

export function useConsentUi(): ConsentUi {
  const ui = useContext(ConsentContext);
  if (!ui) throw new Error("useConsentUi outside <ConsentProvider>");
  return ui;
}
