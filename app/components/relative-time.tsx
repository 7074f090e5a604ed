"use client";

import { useFormats, useMessages } from "./i18n";
import { useNow } from "./use-now";

/**
 * "5 minutes ago", with the exact local date and time on hover and for assistive technology, in the
 * page's language. The first render uses the server's clock and an ISO time (no hydration mismatch);
 * then it follows the browser's clock and time zone.
 */
export function RelativeTime({ at, serverNow }: { at: number; serverNow: number }) {
  const t = useMessages();
  const f = useFormats();
  const browserNow = useNow(30_000);
  const now = browserNow ?? serverNow;
  const exact = browserNow === null ? new Date(at).toISOString() : f.dateTime(at);
  const relative = f.relativeTime(at, now);
  return (
    <time dateTime={new Date(at).toISOString()} title={exact} aria-label={t.account.relativeTime(relative, exact)}>
      {relative}
    </time>
  );
}
