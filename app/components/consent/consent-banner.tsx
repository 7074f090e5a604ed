"use client";

import Link from "next/link";
import { useConsentUi } from "./consent-context";
import { ConsentFormContext, useConsentForm } from "./use-consent-form";
import { Button } from "../button";
import { Notice } from "../notice";

// the three choices carry equal weight: same size, same style, none pre-selected
/**
 * The first-visit banner, rendered by the server only while the visitor has not decided for the
 * current revision. A region at the top of the page, not a modal: the site stays usable, and nothing
 * optional runs until a choice is made.
 */
export function ConsentBanner() {
  const ui = useConsentUi();
  const { action, pending, failed } = useConsentForm();
  const { t } = ui;
  return (
    <section
      role="region"
      aria-labelledby="consent-banner-title"
      aria-describedby="consent-banner-text"
      lang={ui.lang}
      data-testid="consent-banner"
      className="border-b border-brand-100 bg-brand-50"
    >
      <div className="mx-auto max-w-4xl space-y-3 px-4 py-4">
        <h2 id="consent-banner-title" className="font-semibold text-brand-900">
          {t.bannerTitle}
        </h2>
        {ui.outdated && <p className="text-sm font-medium text-slate-800">{t.outdated}</p>}
        <p id="consent-banner-text" className="max-w-3xl text-sm text-slate-700">
          {t.bannerText}{" "}
          <Link href="/cookies" className="underline">
            {t.policyLink}
          </Link>
        </p>
        {ui.gpc && (
          <Notice tone="success" data-testid="gpc-notice">
            {t.gpcHonoured}
          </Notice>
        )}
        <form action={action} className="flex flex-wrap gap-3" aria-busy={pending}>
          <ConsentFormContext source="banner" />
          <Button type="submit" name="choice" value="accept-all" variant="secondary" className="text-sm" disabled={pending}>
            {t.acceptAll}
          </Button>
          <Button type="submit" name="choice" value="reject-all" variant="secondary" className="text-sm" disabled={pending}>
            {t.rejectAll}
          </Button>
          <Button variant="secondary" className="text-sm" onClick={ui.openPreferences} disabled={pending}>
            {t.customize}
          </Button>
          {pending && <span className="self-center text-sm text-slate-600">{t.saving}</span>}
          {failed && (
            <span role="alert" className="self-center text-sm text-red-700">
              {t.saveFailed}
            </span>
          )}
        </form>
      </div>
    </section>
  );
}
