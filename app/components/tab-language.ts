import { TAB_LANG_HEADER } from "@/lib/i18n/lang";
import { readTabPreferences } from "./consent/tab-preferences";

/**
 * A tab's own language choice (kept in sessionStorage when no cookie may keep it) reaches the server
 * as the x-tab-lang header on the requests the page makes itself: the router's page fetches and
 * server actions, which go through window.fetch. Only same-origin requests carry it. A full page
 * load cannot carry a header, so the provider asks the router for the page again when the tab's
 * choice differs from the language the server rendered (consent-ui.tsx).
 */
let installed = false;

export function sendTabLanguage() {
  if (installed || typeof window === "undefined") return;
  installed = true;
  const original = window.fetch.bind(window);
  window.fetch = (input, init) => {
    const lang = readTabPreferences().lang;
    const url = new URL(input instanceof Request ? input.url : String(input), window.location.href);
    if (!lang || url.origin !== window.location.origin) return original(input, init);
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    if (!headers.has(TAB_LANG_HEADER)) headers.set(TAB_LANG_HEADER, lang);
    return input instanceof Request ? original(new Request(input, { ...init, headers })) : original(input, { ...init, headers });
  };
}
