import type { Allowed } from "./state";

/**
 * Google Consent Mode v2 hook, for forks that add Google tags (gtag.js, Google Tag Manager).
 * The root layout renders `consentModeScript()` as the first script of every page: it declares
 * `gtag` and emits `consent default` with everything optional denied, before any tag can load, then
 * `consent update` with the visitor's current choices when there are any. When a choice is saved the
 * page emits `consent update` again (see pushConsentUpdate). This app loads no Google tag itself;
 * the calls only queue on `window.dataLayer`, where a tag added later reads them.
 */
export type ConsentModeSignals = Record<
  | "ad_storage"
  | "ad_user_data"
  | "ad_personalization"
  | "analytics_storage"
  | "functionality_storage"
  | "personalization_storage"
  | "security_storage",
  "granted" | "denied"
>;

const grant = (yes: boolean) => (yes ? "granted" : "denied");

export function consentModeSignals(allowed: Allowed): ConsentModeSignals {
  return {
    ad_storage: grant(allowed.marketing),
    ad_user_data: grant(allowed.marketing),
    ad_personalization: grant(allowed.marketing),
    analytics_storage: grant(allowed.analytics),
    functionality_storage: grant(allowed.functional),
    personalization_storage: grant(allowed.functional),
    security_storage: "granted",
  };
}

const DENIED: ConsentModeSignals = consentModeSignals({ essential: true, functional: false, analytics: false, marketing: false });

/** The inline script: `consent default` (denied), then `consent update` when the visitor has chosen. */
export function consentModeScript(allowed: Allowed | null): string {
  const lines = [
    "window.dataLayer=window.dataLayer||[];window.gtag=window.gtag||function(){window.dataLayer.push(arguments)};",
    `gtag("consent","default",${JSON.stringify({ ...DENIED, wait_for_update: 500 })});`,
  ];
  if (allowed) lines.push(`gtag("consent","update",${JSON.stringify(consentModeSignals(allowed))});`);
  return lines.join("");
}

/** In the browser, after a choice is saved. */
export function pushConsentUpdate(allowed: Allowed): void {
  const w = window as unknown as { gtag?: (...args: unknown[]) => void };
  w.gtag?.("consent", "update", consentModeSignals(allowed));
}
