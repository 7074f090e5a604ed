import { NextResponse } from "next/server";

/**
 * 303 See Other to a path on this site, with a relative Location. `NextResponse.redirect` needs an
 * absolute URL, and the one a handler can build from `request.url` names the address the server is
 * bound to (say `localhost`), not necessarily the host the browser used (`127.0.0.1`, or a public
 * name behind a proxy): following it would switch origins, lose the cookie and break CSP
 * `form-action 'self'`. For route handlers: middleware responses must carry absolute URLs.
 */
export function seeOther(path: string): NextResponse {
  if (!path.startsWith("/") || path.startsWith("//")) throw new Error(`seeOther takes a same-site path, got ${path}`);
  return new NextResponse(null, { status: 303, headers: { Location: path } });
}
