"use client";

import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore, type ReactNode } from "react";
import { pushConsentUpdate } from "@/lib/consent/google-consent-mode";
import { CONSENT_MESSAGES } from "@/lib/consent/messages";
import { isLang, isTheme, type Theme } from "@/lib/consent/preferences";
import type { Lang } from "@/lib/consent/registry";
import { honourGpc, type Allowed, type ConsentChoices } from "@/lib/consent/state";
import { setPreference } from "./actions";
import { ConsentContext, type ConsentSnapshot, type ConsentUi } from "./consent-context";
import { PreferencesDialog } from "./preferences-dialog";

export type { ConsentSnapshot } from "./consent-context";

const allowedFrom = (choices: ConsentChoices, gpc: boolean): Allowed => ({ essential: true, ...honourGpc(choices, gpc) });

const TAB_PREFERENCES = "session-lab:preferences";
type TabPreferences = { lang?: Lang; theme?: Theme };
const NONE: TabPreferences = {};

/** Without functional consent a language or theme choice lasts for the tab only. */
function keepForTab(prefs: { lang: Lang; theme: Theme }) {
  try {
    sessionStorage.setItem(TAB_PREFERENCES, JSON.stringify(prefs));
  } catch {
    // storage disabled: the choice lasts for this page only
  }
}

// The tab's stored preferences as an external store: read after hydration (the server has no tab),
// parsed once per stored value.
let parsedFrom: string | null = null;
let parsed: TabPreferences = NONE;
function readTabPreferences(): TabPreferences {
  let raw: string | null = null;
  try {
    raw = sessionStorage.getItem(TAB_PREFERENCES);
  } catch {
    return NONE;
  }
  if (raw === parsedFrom) return parsed;
  parsedFrom = raw;
  try {
    const value: unknown = JSON.parse(raw ?? "{}");
    const { lang, theme } = value && typeof value === "object" ? (value as Record<string, unknown>) : {};
    parsed = { lang: isLang(lang) ? lang : undefined, theme: isTheme(theme) ? theme : undefined };
  } catch {
    parsed = NONE;
  }
  return parsed;
}
const noSubscription = () => () => {};
/** navigator.globalPrivacyControl: the same signal as Sec-GPC, for browsers and extensions that set only the property. */
const navigatorGpc = () => (navigator as Navigator & { globalPrivacyControl?: boolean }).globalPrivacyControl === true;

export function ConsentProvider({
  children,
  initial,
  snapshot,
}: {
  children: ReactNode;
  initial: { lang: Lang; theme: Theme; remembered: boolean };
  snapshot: ConsentSnapshot;
}) {
  const [chosen, setChosen] = useState<TabPreferences>({});
  const [remembered, setRemembered] = useState(initial.remembered);
  // the server's word changes after a decision (the action refreshes the page)
  const [rendered, setRendered] = useState(initial.remembered);
  if (rendered !== initial.remembered) {
    setRendered(initial.remembered);
    setRemembered(initial.remembered);
  }
  // a tab-only choice made earlier in this tab counts while cookies may not keep it
  const tab = useSyncExternalStore(noSubscription, readTabPreferences, () => NONE);
  const picked = useMemo(() => ({ ...(initial.remembered ? NONE : tab), ...chosen }), [initial.remembered, tab, chosen]);
  const lang = picked.lang ?? initial.lang;
  const theme = picked.theme ?? initial.theme;
  const gpc = useSyncExternalStore(noSubscription, navigatorGpc, () => false) || snapshot.gpc;
  const [preferencesOpen, setPreferencesOpen] = useState(false);
  const [status, setStatus] = useState("");
  const clearStatus = useRef<ReturnType<typeof setTimeout>>(undefined);
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
        setChosen((p) => ({ ...p, lang: next }));
        choose("lang", next);
      },
      setTheme: (next) => {
        setChosen((p) => ({ ...p, theme: next }));
        choose("theme", next);
      },
      openPreferences: () => setPreferencesOpen(true),
      announce,
    }),
    [snapshot, gpc, lang, theme, remembered, picked, choose, announce],
  );

  return (
    <ConsentContext.Provider value={ui}>
      {children}
      <PreferencesDialog open={preferencesOpen} onClose={() => setPreferencesOpen(false)} />
      <p
        aria-live="polite"
        data-testid="consent-status"
        className={
          status ? "fixed bottom-4 right-4 z-40 max-w-sm rounded-md bg-slate-900 px-4 py-3 text-sm text-white shadow-lg" : "sr-only"
        }
      >
        {status}
      </p>
    </ConsentContext.Provider>
  );
}
