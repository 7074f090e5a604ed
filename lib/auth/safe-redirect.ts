/**
 * `next=` after sign-in accepts only a same-origin relative path. Anything that a browser could read
 * as another origin (`//evil.example`, `/\evil.example`, `https://…`, control characters) falls back
 * to the default, which stops open redirects.
 */
export function safeNextPath(raw: unknown, fallback = "/account"): string {
  if (typeof raw !== "string" || raw.length === 0 || raw.length > 2048) return fallback;
  if (!raw.startsWith("/") || raw.startsWith("//") || raw.startsWith("/\\")) return fallback;
  if (/[\u0000-\u001f\u007f\\]/.test(raw)) return fallback;
  try {
    const base = "http://same-origin.invalid";
    const url = new URL(raw, base);
    if (url.origin !== base) return fallback;
    // dot segments normalise away: "/.//evil.example" and "/a/..//evil.example" become "//evil.example"
    const path = url.pathname + url.search + url.hash;
    if (path.startsWith("//") || path.startsWith("/\\")) return fallback;
    if (url.pathname === "/login") return fallback;
    return path;
  } catch {
    return fallback;
  }
}
