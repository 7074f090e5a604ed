import { cookieDefinition, type OptionalCategory } from "./registry";
import { allowedCategories, CONSENT_COOKIE, consentStatus, sendsGpc, type Allowed } from "./state";

/** What a request's own consent cookie and Sec-GPC header allow (for route handlers). */
export function allowedFor(request: Request & { cookies: { get(name: string): { value: string } | undefined } }): Allowed {
  return allowedCategories(consentStatus(request.cookies.get(CONSENT_COOKIE)?.value), sendsGpc(request.headers));
}

/**
 * Serves an optional script only to a browser whose consent covers its category: the layout leaves the
 * tag out without consent, and the URL itself refuses, so a cached page or a hand-written tag cannot
 * load it either.
 */
export function gatedScript(allowed: Allowed, category: OptionalCategory, source: string): Response {
  if (!allowed[category]) {
    return new Response(`/* refused: no ${category} consent */`, {
      status: 403,
      headers: { "content-type": "text/javascript; charset=utf-8", "cache-control": "no-store" },
    });
  }
  return new Response(source, {
    headers: {
      "content-type": "text/javascript; charset=utf-8",
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
    },
  });
}

/** First-party page-view statistics: the first page view, then each client-side navigation. */
export const ANALYTICS_SCRIPT = `(() => {
  let last = null;
  const send = () => {
    const path = location.pathname;
    if (path === last) return;
    const referrer = last === null ? document.referrer || null : null;
    last = path;
    fetch("/api/analytics/collect", {
      method: "POST",
      credentials: "same-origin",
      keepalive: true,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ path, referrer }),
    }).catch(() => {});
  };
  send();
  const pushState = history.pushState;
  history.pushState = function (...args) {
    const result = pushState.apply(this, args);
    setTimeout(send, 0);
    return result;
  };
  addEventListener("popstate", () => setTimeout(send, 0));
})();
`;

const marketing = cookieDefinition("sl_mkt");

/** A demo advertising tag: sets its identifier cookie, as an ad network's tag would. */
export const MARKETING_SCRIPT = `(() => {
  if (!/(?:^|;\\s*)${marketing.name}=/.test(document.cookie)) {
    const secure = location.protocol === "https:" ? "; Secure" : "";
    document.cookie = "${marketing.name}=" + crypto.randomUUID() + "; Max-Age=${marketing.maxAgeSeconds}; Path=/; SameSite=Lax" + secure;
  }
  window.demoMarketingTag = { loaded: true };
})();
`;
