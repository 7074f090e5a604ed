import { databaseHealthy } from "@/lib/db/connection";
import { RETRY_AFTER_SECONDS, unavailableHeaders } from "@/lib/db/unavailable";
import { safeNextPath } from "@/lib/auth/safe-redirect";
import { messagesFor } from "@/lib/i18n";
import { requestLang, TAB_LANG_HEADER } from "@/lib/i18n/lang";

/**
 * Where a page goes when PostgreSQL cannot be reached: a plain 503 page (no layout, which itself needs
 * the database) that says what happened and that nothing was lost, with a way back. Once the
 * database answers again it sends the visitor straight back to where they were.
 */
export async function GET(request: Request) {
  const url = new URL(request.url);
  const next = safeNextPath(url.searchParams.get("next"), "/");
  if (await databaseHealthy()) return new Response(null, { status: 303, headers: { location: next, "cache-control": "no-store" } });
  const nonce = request.headers.get("x-nonce") ?? "";
  // the consent records are in the database this page stands in for: the cookies alone tell the language
  const lang = langOf(request);
  const t = messagesFor(lang).common.unavailable;
  const html = `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escape(t.title)}</title>
<style nonce="${escape(nonce)}">
body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#1a1a1a}
a{color:#0b57d0}a:focus-visible{outline:3px solid #0b57d0;outline-offset:2px}
</style>
</head>
<body>
<main>
<h1>${escape(t.title)}</h1>
<p role="status">${escape(t.status)}</p>
<p>${escape(t.retryIn(RETRY_AFTER_SECONDS))}</p>
<p><a href="${escape(next)}">${escape(t.retry)}</a></p>
</main>
</body>
</html>`;
  return new Response(html, { status: 503, headers: { ...unavailableHeaders, "content-type": "text/html; charset=utf-8" } });
}

// the lang cookie exists only while functional consent does (withdrawing it deletes the cookie)
const langOf = (request: Request) =>
  requestLang({
    functionalAllowed: true,
    langCookie: /(?:^|;\s*)lang=([^;]*)/.exec(request.headers.get("cookie") ?? "")?.[1],
    tabLang: request.headers.get(TAB_LANG_HEADER),
    acceptLanguage: request.headers.get("accept-language"),
  });

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
