import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";
import { messagesFor, type Lang } from "../../lib/i18n";

/** Signs in through the form, finding its fields and button by their names in `lang`; waits for the answer. */
export async function signInIn(lang: Lang, page: Page, user: { email: string; password: string }) {
  const t = messagesFor(lang).auth;
  await page.goto("/login");
  await page.getByLabel(t.fields.email).fill(user.email);
  await page.getByLabel(t.fields.password).fill(user.password);
  const answered = page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/login");
  await page.getByRole("button", { name: t.login.submit, exact: true }).click();
  await answered;
}

/** WCAG 2.2 AA as axe-core tags it (each level includes the ones below). */
const WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/** Runs axe-core's WCAG 2.2 AA rules on what the page shows now; fails with each violation and where it is. */
export async function expectAccessible(page: Page, what: string) {
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG_22_AA).analyze();
  const found = violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => `${n.target.join(" ")} ${n.failureSummary?.split("\n")[1] ?? ""}`).join("\n    ")}`,
  );
  expect(found, `${what}: axe-core WCAG 2.2 AA violations`).toEqual([]);
}

// Latin-script words that a Japanese page may show as they are: names of products, formats and
// settings, browsers and systems, and the language switch's own "English"
const NAMES = [
  "Session Lab",
  "Cookie",
  "HttpOnly",
  "PostgreSQL",
  "Redis",
  "Edge",
  "Next.js",
  "Auth.js",
  "JavaScript",
  "Global Privacy Control",
  "Chrome",
  "Headless",
  "UTC",
  "Chromium",
  "Firefox",
  "Safari",
  "Opera",
  "macOS",
  "Windows",
  "Linux",
  "Android",
  "iOS",
  "iPhone",
  "iPad",
  "Mac",
  "HTTPS",
  "HTTP",
  "SMTP_URL",
  "DEMO_MODE",
  "SameSite",
  "Lax",
  "Strict",
  "GPC",
  "IPv4",
  "IPv6",
  "IP",
  "URL",
  "ID",
  "API",
  "Sec-GPC",
  "English",
  "Google",
  "Consent Mode",
  "OK",
];
const NAME_PATTERN = new RegExp(
  NAMES.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .sort((a, b) => b.length - a.length)
    .join("|"),
  "g",
);
// addresses, links, ids, network prefixes and identifiers such as cookie names (sl_analytics, __Host-sid)
const DATA_PATTERN =
  /[\w.+-]+@[\w.-]+|https?:\/\/\S+|\b[0-9a-f-]{8,}\b|\b\d{1,3}(\.\d{1,3}){2}\.(\d{1,3}|x)\b|[0-9a-f:]*::\/\d+|\b\w+(?:[_.-]\w+)+\b/gi;

/**
 * The texts of a Japanese page still in English: every visible text node, and the aria-label,
 * title, placeholder and alt attributes, with names, addresses, codes and cookie names left out.
 * Content marked lang="en" (the switch offering English) or translate="no" is not counted.
 */
export async function untranslatedTexts(page: Page): Promise<string[]> {
  const texts = await page.evaluate(() => {
    const skip = (el: Element | null) => !!el?.closest('script, style, code, kbd, pre, [lang="en"], [translate="no"], [hidden]');
    const out: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      if (!el || skip(el) || !node.textContent?.trim()) continue;
      // inside a closed dialog, display: none or visibility: hidden: not shown (sr-only text is)
      if (!el.checkVisibility({ visibilityProperty: true })) continue;
      out.push(node.textContent.trim());
    }
    for (const el of document.querySelectorAll("[aria-label], [title], [placeholder], img[alt]")) {
      if (skip(el) || !el.checkVisibility({ visibilityProperty: true })) continue;
      for (const attr of ["aria-label", "title", "placeholder", "alt"]) {
        const value = el.getAttribute(attr);
        if (value?.trim()) out.push(value.trim());
      }
    }
    out.push(document.title);
    return out;
  });
  return [...new Set(texts)].filter((text) => /[A-Za-z]{3,}/.test(text.replace(NAME_PATTERN, "").replace(DATA_PATTERN, "")));
}

/** A Japanese page: <html lang="ja"> and no English left in what it shows. */
export async function expectJapanese(page: Page, what: string) {
  await expect(page.locator("html")).toHaveAttribute("lang", "ja");
  expect(await untranslatedTexts(page), `${what}: texts left in English`).toEqual([]);
}
