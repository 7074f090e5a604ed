"use client";

import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore, type ReactNode } from "react";
import { useRouter } from "next/navigation";
import { pushConsentUpdate } from "@/lib/consent/google-consent-mode";
import { CONSENT_MESSAGES } from "@/lib/consent/messages";
import { isTheme, type Theme } from "@/lib/consent/preferences";
import { isLang, type Lang } from "@/lib/i18n/lang";
import { sendTabLanguage } from "../tab-language";
import { honourGpc, type Allowed, type ConsentChoices } from "@/lib/consent/state";
import { setPreference } from "./actions";
import { ConsentContext, type ConsentSnapshot, type ConsentUi } from "./consent-context";
import { PreferencesDialog } from "./preferences-dialog";
import { keepForTab, NO_TAB_PREFERENCES as NONE, readTabPreferences, type TabPreferences } from "./tab-preferences";

sendTabLanguage();

const PREFERENCES_CHANNEL = "session-lab:preferences";

export type { ConsentSnapshot } from "./consent-context";

const allowedFrom = (choices: ConsentChoices, gpc: boolean): Allowed => ({ essential: true, ...honourGpc(choices, gpc) });

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
  // a full load of a tab whose language no cookie carries rendered in the browser's language: the
  // router asks again, now with the tab's choice in its header (tab-language.ts)
  const router = useRouter();
  useEffect(() => {
    if (!initial.remembered && tab.lang && tab.lang !== initial.lang) router.refresh();
  }, [initial.remembered, initial.lang, tab.lang, router]);

  // A choice kept in a cookie holds for the whole browser: the other open tabs hear of it and render
  // again (a navigation alone keeps the layout, header and footer, as it was rendered). A choice
  // kept for one tab is never sent.
  const otherTabs = useRef<BroadcastChannel | null>(null);
  useEffect(() => {
    if (typeof BroadcastChannel === "undefined") return;
    const channel = new BroadcastChannel(PREFERENCES_CHANNEL);
    channel.onmessage = (event: MessageEvent<{ name?: unknown; value?: unknown }>) => {
      const { name, value } = event.data ?? {};
      if (name === "lang" && isLang(value)) setChosen((p) => ({ ...p, lang: value }));
      else if (name === "theme" && isTheme(value)) setChosen((p) => ({ ...p, theme: value }));
      else return;
      router.refresh();
    };
    otherTabs.current = channel;
    return () => channel.close();
  }, [router]);

  const choose = useCallback(
    (name: "lang" | "theme", value: string) => {
      const forTab = () =>
        keepForTab({ lang: name === "lang" ? (value as Lang) : lang, theme: name === "theme" ? (value as Theme) : theme });
      void setPreference(name, value)
        .then(({ remembered: kept }) => {
          setRemembered(kept);
          if (kept) otherTabs.current?.postMessage({ name, value });
          else forTab();
        })
        .catch(forTab)
        // the server's parts of the page follow a new language on their next render
        .finally(() => name === "lang" && router.refresh());
    },
    [lang, theme, router],
  );

  // a message said in the language before a switch is not left showing in the other
  const [statusLang, setStatusLang] = useState(lang);
  if (statusLang !== lang) {
    setStatusLang(lang);
    setStatus("");
  }

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
