"use client";

import { relativeTime } from "./format";
import { useNow } from "./use-now";

/**
 * "5 minutes ago", with the exact local date and time on hover and for assistive technology. The
 * first render uses the server's clock and an ISO time (no hydration mismatch); then it follows the
 * browser's clock and its locale.
 */
export function RelativeTime({ at, serverNow }: { at: number; serverNow: number }) {
  const browserNow = useNow(30_000);
  const now = browserNow ?? serverNow;
  const exact = browserNow === null ? new Date(at).toISOString() : new Date(at).toLocaleString();
  return (
    <time dateTime={new Date(at).toISOString()} title={exact} aria-label={`${relativeTime(at, now)} (${exact})`}>
      {relativeTime(at, now)}
    </time>
  );
}
