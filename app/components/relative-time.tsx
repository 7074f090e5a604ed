"use client";

import { useEffect, useState } from "react";
import { relativeTime } from "./format";

/**
 * "5 minutes ago", with the exact local date and time on hover and for assistive technology. The
 * first render uses the server's clock (no hydration mismatch); then it follows the browser's.
 */
export function RelativeTime({ at, serverNow }: { at: number; serverNow: number }) {
  const [now, setNow] = useState(serverNow);
  const [exact, setExact] = useState<string>(new Date(at).toISOString());
  useEffect(() => {
    setExact(new Date(at).toLocaleString());
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, [at]);
  return (
    <time dateTime={new Date(at).toISOString()} title={exact} aria-label={`${relativeTime(at, now)} (${exact})`}>
      {relativeTime(at, now)}
    </time>
  );
}
