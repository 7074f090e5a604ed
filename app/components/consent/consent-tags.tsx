import { headers } from "next/headers";
import { consentModeScript } from "@/lib/consent/google-consent-mode";
import { getConsent } from "@/lib/consent/next";

/**
 * The page's optional scripts, decided here on the server from the consent cookie and Sec-GPC: a
 * script whose category is not allowed is not in the HTML at all (and its URL refuses to serve it).
 * The Google Consent Mode default comes first, before any tag.
 */
export async function ConsentTags() {
  const [{ status, allowed }, nonce] = await Promise.all([getConsent(), headers().then((h) => h.get("x-nonce") ?? undefined)]);
  return (
    <>
      <script
        nonce={nonce}
        id="consent-mode-default"
        // static text built on the server from booleans: no visitor input reaches it
        dangerouslySetInnerHTML={{ __html: consentModeScript(status.status === "decided" ? allowed : null) }}
      />
      {allowed.analytics && <script src="/tags/analytics.js" async nonce={nonce} data-category="analytics" />}
      {allowed.marketing && <script src="/tags/marketing.js" async nonce={nonce} data-category="marketing" />}
    </>
  );
}
