"use client";

import Link from "next/link";
import type { Theme } from "@/lib/consent/preferences";
import type { Lang } from "@/lib/consent/registry";
import { useConsentUi } from "./consent-context";

const LANGUAGE_NAMES: Record<Lang, string> = { en: "English", ja: "日本語" };

/** On every page: cookie settings, the cookie policy, and the language and theme preferences. */
export function FooterControls() {
  const ui = useConsentUi();
  const { t } = ui;
  const toggle = "rounded px-2 py-1 aria-pressed:bg-slate-200 aria-pressed:font-semibold hover:bg-slate-100";
  return (
    <div className="flex flex-wrap items-center gap-x-6 gap-y-2" lang={ui.lang}>
      <button type="button" onClick={ui.openPreferences} className="underline hover:text-slate-900">
        {t.cookieSettings}
      </button>
      <Link href="/cookies" className="underline hover:text-slate-900">
        {t.cookiePolicy}
      </Link>
      <div role="group" aria-label={t.language} className="flex items-center gap-1">
        <span aria-hidden="true">{t.language}:</span>
        {(Object.keys(LANGUAGE_NAMES) as Lang[]).map((lang) => (
          <button key={lang} type="button" lang={lang} aria-pressed={ui.lang === lang} onClick={() => ui.setLang(lang)} className={toggle}>
            {LANGUAGE_NAMES[lang]}
          </button>
        ))}
      </div>
      <div role="group" aria-label={t.theme} className="flex items-center gap-1">
        <span aria-hidden="true">{t.theme}:</span>
        {(["light", "dark"] as Theme[]).map((theme) => (
          <button key={theme} type="button" aria-pressed={ui.theme === theme} onClick={() => ui.setTheme(theme)} className={toggle}>
            {t[theme]}
          </button>
        ))}
      </div>
      {!ui.remembered && <span className="sr-only">{t.notRemembered}</span>}
    </div>
  );
}
