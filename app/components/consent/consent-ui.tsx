"use client";

import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { pushConsentUpdate } from "@/lib/consent/google-consent-mode";
import { CONSENT_MESSAGES, type ConsentMessages } from "@/lib/consent/messages";
import { isLang, isTheme, type Theme } from "@/lib/consent/preferences";
import type { Lang } from "@/lib/consent/registry";
import { honourGpc, type Allowed, type ConsentChoices } from "@/lib/consent/state";
import { PreferencesDialog } from "./preferences-dialog";
import { setPreference } from "./actions";

/**
 * What the consent banner, preferences dialog, footer and cookie policy share in the browser: the
 * visitor's language and theme, the current decision, whether Global Privacy Control is on, and the
 * preferences dialog. The server decides what may run; this only shows it and asks.
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

interface ConsentUi extends ConsentSnapshot {
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

const Context = createContext<ConsentUi | null>(null);

export function useConsentUi(): ConsentUi {
  const ui = useContext(Context);
  if (!ui) throw new Error("useConsentUi outside <ConsentProvider>");
  return ui;
}

const allowedFrom = (choices: ConsentChoices, gpc: boolean): Allowed => ({ essential: true, ...honourGpc(choices, gpc) });

const TAB_PREFERENCES = "session-lab:preferences";

/** Without functional consent a language or theme choice lasts for the tab only. */
export function keepForTab(prefs: { lang: Lang; theme: Theme }) {
  try {
    sessionStorage.setItem(TAB_PREFERENCES, JSON.stringify(prefs));
  } catch {
    // storage disabled: the choice lasts for this page only
  }
}

function readTabPreferences(): { lang?: Lang; theme?: Theme } {
  try {
    const parsed: unknown = JSON.parse(sessionStorage.getItem(TAB_PREFERENCES) ?? "{}");
    if (!parsed || typeof parsed !== "object") return {};
    const { lang, theme } = parsed as Record<string, unknown>;
    return { lang: isLang(lang) ? lang : undefined, theme: isTheme(theme) ? theme : undefined };
  } catch {
    return {};
  }
}

export function ConsentProvider({
  children,
  initial,
  snapshot,
}: {
  children: ReactNode;
  initial: { lang: Lang; theme: Theme; remembered: boolean };
  snapshot: ConsentSnapshot;
}) {
  const [lang, setLangState] = useState(initial.lang);
  const [theme, setThemeState] = useState(initial.theme);
  const [remembered, setRemembered] = useState(initial.remembered);
  const [picked, setPicked] = useState<{ lang?: Lang; theme?: Theme }>({});
  const [gpc, setGpc] = useState(snapshot.gpc);
  const [preferencesOpen, setPreferencesOpen] = useState(false);
  const [status, setStatus] = useState("");
  const clearStatus = useRef<ReturnType<typeof setTimeout>>(undefined);

  // the server's word changes after a decision (the action refreshes the page)
  useEffect(() => setRemembered(initial.remembered), [initial.remembered]);
  useEffect(() => {
    // a tab-only choice made earlier in this tab, when cookies may not keep it
    if (!initial.remembered) {
      const tab = readTabPreferences();
      if (tab.lang) setLangState(tab.lang);
      if (tab.theme) setThemeState(tab.theme);
      setPicked(tab);
    }
    // navigator.globalPrivacyControl is the same signal as the Sec-GPC header, for browsers and
    // extensions that set only the property
    if ((navigator as Navigator & { globalPrivacyControl?: boolean }).globalPrivacyControl === true) setGpc(true);
  }, [initial.remembered]);
  useEffect(() => {
    document.documentElement.lang = lang;
    document.documentElement.dataset.theme = theme;
  }, [lang, theme]);

  const choose = useCallback(
    (name: "lang" | "theme", value: string) => {
      void setPreference(name, value)
        .then(({ remembered: kept }) => {
          setRemembered(kept);
          if (!kept) keepForTab({ lang: name === "lang" ? (value as Lang) : lang, theme: name === "theme" ? (value as Theme) : theme });
        })
        .catch(() => keepForTab({ lang: name === "lang" ? (value as Lang) : lang, theme: name === "theme" ? (value as Theme) : theme }));
    },
    [lang, theme],
  );

  const announce = useCallback((message: string) => {
    setStatus(message);
    clearTimeout(clearStatus.current);
    clearStatus.current = setTimeout(() => setStatus(""), 6000);
  }, []);

  // A saved decision comes back as a new server render (the action set the consent cookie): tell
  // Google Consent Mode, say so, and after a withdrawal reload, so that no script of a withdrawn
  // category keeps running in this page (the response already deleted its cookies).
  const seen = useRef(snapshot);
  useEffect(() => {
    const before = seen.current;
    seen.current = snapshot;
    if (!snapshot.choices || snapshot.decidedAt === before.decidedAt) return;
    const allowedNow = allowedFrom(snapshot.choices, snapshot.gpc);
    pushConsentUpdate(allowedNow);
    setPreferencesOpen(false);
    announce(CONSENT_MESSAGES[lang].saved);
    const allowedBefore = before.choices ? allowedFrom(before.choices, before.gpc) : null;
    if (allowedBefore && (Object.keys(allowedNow) as (keyof Allowed)[]).some((k) => allowedBefore[k] && !allowedNow[k])) {
      keepForTab({ lang, theme });
      window.location.reload();
    }
  }, [snapshot, announce, lang, theme]);

  const ui = useMemo<ConsentUi>(
    () => ({
      ...snapshot,
      gpc,
      lang,
      theme,
      remembered,
      picked,
      t: CONSENT_MESSAGES[lang],
      setLang: (next) => {
        setLangState(next);
        setPicked((p) => ({ ...p, lang: next }));
        choose("lang", next);
      },
      setTheme: (next) => {
        setThemeState(next);
        setPicked((p) => ({ ...p, theme: next }));
        choose("theme", next);
      },
      openPreferences: () => setPreferencesOpen(true),
      announce,
    }),
    [snapshot, gpc, lang, theme, remembered, picked, choose, announce],
  );

  return (
    <Context.Provider value={ui}>
      {children}
      <PreferencesDialog open={preferencesOpen} onClose={() => setPreferencesOpen(false)} />
      <p
        aria-live="polite"
        data-testid="consent-status"
        className={status ? "fixed bottom-4 right-4 z-40 max-w-sm rounded-md bg-slate-900 px-4 py-3 text-sm text-white shadow-lg" : "sr-only"}
      >
        {status}
      </p>
    </Context.Provider>
  );
}
