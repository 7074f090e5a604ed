"use client";

import { CATEGORIES, CONSENT_REVISION, cookiesIn, OPTIONAL_CATEGORIES } from "@/lib/consent/registry";
import { useConsentUi } from "./consent-context";
import { Button } from "../button";

/** The cookie policy, generated from the registry: a table per category, and the visitor's current choices. */
export function CookiePolicy() {
  const ui = useConsentUi();
  const { t, lang } = ui;
  return (
    <div className="space-y-8" lang={lang}>
      <header className="space-y-2">
        <h1 className="text-2xl font-semibold tracking-tight text-brand-900">{t.policyTitle}</h1>
        <p className="max-w-2xl text-slate-700">{t.policyIntro}</p>
        <p className="text-sm text-slate-500">{t.policyRevision(CONSENT_REVISION)}</p>
      </header>
      <section aria-labelledby="your-choices" className="space-y-2 rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="your-choices" className="font-semibold">
          {t.yourChoices}
        </h2>
        {ui.choices ? (
          <>
            <ul className="flex flex-wrap gap-2 text-sm" data-testid="current-choices">
              {OPTIONAL_CATEGORIES.map((c) => (
                <li key={c} className="rounded-full border border-slate-300 px-3 py-1">
                  {t.categories[c].title}: {ui.choices![c] ? "✓" : "✗"}
                  <span className="sr-only">{ui.choices![c] ? t.table.yes : t.table.no}</span>
                </li>
              ))}
            </ul>
            {ui.decidedAt && <p className="text-sm text-slate-500">{t.decidedOn(new Date(ui.decidedAt).toLocaleString(lang))}</p>}
          </>
        ) : (
          <p className="text-sm text-slate-600">{t.noDecision}</p>
        )}
        {ui.gpc && <p className="text-sm text-emerald-800">{t.gpcHonoured}</p>}
        <Button onClick={ui.openPreferences} size="sm">
          {t.cookieSettings}
        </Button>
      </section>
      {CATEGORIES.map((category) => (
        <section key={category} aria-labelledby={`category-${category}`} className="space-y-2">
          <h2 id={`category-${category}`} className="text-lg font-semibold">
            {t.categories[category].title}
          </h2>
          <p className="text-sm text-slate-600">{t.categories[category].description}</p>
          <div className="overflow-x-auto">
            <table className="w-full border-collapse text-left text-sm" data-category={category}>
              <thead>
                <tr className="border-b border-slate-300">
                  <th scope="col" className="py-2 pr-4">
                    {t.table.name}
                  </th>
                  <th scope="col" className="py-2 pr-4">
                    {t.table.purpose}
                  </th>
                  <th scope="col" className="py-2 pr-4">
                    {t.table.lifetime}
                  </th>
                  <th scope="col" className="py-2 pr-4">
                    {t.table.party}
                  </th>
                  <th scope="col" className="py-2">
                    {t.table.httpOnly}
                  </th>
                </tr>
              </thead>
              <tbody>
                {cookiesIn(category).map((c) => (
                  <tr key={c.name} className="border-b border-slate-200 align-top">
                    {/* a cookie's name is what the browser stores: the same in every language */}
                    <th scope="row" translate="no" className="py-2 pr-4 font-mono font-normal">
                      {c.name}
                    </th>
                    <td className="py-2 pr-4">{c.purpose[lang]}</td>
                    <td className="py-2 pr-4">{c.lifetime[lang]}</td>
                    <td className="py-2 pr-4">{c.party === "first" ? t.table.first : t.table.third}</td>
                    <td className="py-2">{c.httpOnly ? t.table.yes : t.table.no}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </div>
  );
}
