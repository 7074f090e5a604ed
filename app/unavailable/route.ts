import { databaseHealthy } from "@/lib/db/connection";
import { RETRY_AFTER_SECONDS, unavailableHeaders } from "@/lib/db/unavailable";
import { safeNextPath } from "@/lib/auth/safe-redirect";

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
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Temporarily unavailable</title>
<style nonce="${escape(nonce)}">
body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#1a1a1a}
a{color:#0b57d0}a:focus-visible{outline:3px solid #0b57d0;outline-offset:2px}
</style>
</head>
<body>
<main>
<h1>Temporarily unavailable</h1>
<p role="status">We can't reach our database right now. You are still signed in.</p>
<p>Please try again in about ${RETRY_AFTER_SECONDS} seconds.</p>
<p><a href="${escape(next)}">Try again</a></p>
</main>
</body>
</html>`;
  return new Response(html, { status: 503, headers: { ...unavailableHeaders, "content-type": "text/html; charset=utf-8" } });
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
