/**
 * The cookie registry: the single list of every cookie this application can set. The /cookies policy
 * page is generated from it, the middleware deletes registered cookies whose category has no consent,
 * and an end-to-end fixture fails any test in which the app sets a cookie that is not listed here.
 * Edge-safe: pure data.
 *
 * Bump CONSENT_REVISION whenever this list or the purposes change in a way users must agree to again:
 * every consent cookie of an older revision then counts as no decision, and the banner returns.
 *
 * Revisions: 1, essential, functional and analytics cookies; 2, the marketing category (demo
 * advertising tag) was added.
 */
export const CONSENT_REVISION = 2;

export const CATEGORIES = ["essential", "functional", "analytics", "marketing"] as const;
export type Category = (typeof CATEGORIES)[number];
/** The categories a visitor decides on; essential cookies need no consent (the site cannot work without them). */
export const OPTIONAL_CATEGORIES = ["functional", "analytics", "marketing"] as const satisfies readonly Category[];
export type OptionalCategory = (typeof OPTIONAL_CATEGORIES)[number];
/** Categories that Global Privacy Control (Sec-GPC: 1) turns off: selling or sharing data about the visitor. */
export const GPC_CATEGORIES = ["analytics", "marketing"] as const satisfies readonly OptionalCategory[];

import type { Lang } from "../i18n/lang";

export type { Lang };
type Text = Record<Lang, string>;

export interface RegisteredCookie {
  name: string;
  category: Category;
  purpose: Text;
  /** how long it lasts, for people */
  lifetime: Text;
  /** for the Max-Age attribute; null for a cookie that ends with the session or sign-out */
  maxAgeSeconds: number | null;
  party: "first" | "third";
  /** set by the server with HttpOnly (scripts cannot read it), or by a script in the page */
  setBy: "server" | "script";
  httpOnly: boolean;
}

const DAY = 24 * 60 * 60;

export const COOKIES: readonly RegisteredCookie[] = [
  {
    name: "sid",
    category: "essential",
    purpose: {
      en: "Keeps you signed in: a sealed, random session token (on plain HTTP, for local development).",
      ja: "ログイン状態を保ちます。封印されたランダムなセッショントークンです（ローカル開発用の HTTP 接続時）。",
    },
    lifetime: { en: "Until you sign out or the session times out", ja: "サインアウトまたはセッションのタイムアウトまで" },
    maxAgeSeconds: null,
    party: "first",
    setBy: "server",
    httpOnly: true,
  },
  {
    name: "__Host-sid",
    category: "essential",
    purpose: {
      en: "Keeps you signed in: the same session cookie over HTTPS, pinned to this site by its __Host- prefix.",
      ja: "ログイン状態を保ちます。HTTPS 接続時の同じセッション Cookie で、__Host- 接頭辞によりこのサイトに固定されます。",
    },
    lifetime: { en: "Until you sign out or the session times out", ja: "サインアウトまたはセッションのタイムアウトまで" },
    maxAgeSeconds: null,
    party: "first",
    setBy: "server",
    httpOnly: true,
  },
  {
    name: "device",
    category: "essential",
    purpose: {
      en: "Recognises this browser when you sign in, so that a sign-in from a browser new to your account is reported to you by email (on plain HTTP, for local development).",
      ja: "ログイン時にこのブラウザを識別し、アカウントに初めて使われるブラウザからのログインをメールでお知らせできるようにします（ローカル開発用の HTTP 接続時）。",
    },
    lifetime: { en: "400 days", ja: "400 日" },
    maxAgeSeconds: 400 * DAY,
    party: "first",
    setBy: "server",
    httpOnly: true,
  },
  {
    name: "__Host-device",
    category: "essential",
    purpose: {
      en: "Recognises this browser when you sign in, so that a sign-in from a browser new to your account is reported to you by email.",
      ja: "ログイン時にこのブラウザを識別し、アカウントに初めて使われるブラウザからのログインをメールでお知らせできるようにします。",
    },
    lifetime: { en: "400 days", ja: "400 日" },
    maxAgeSeconds: 400 * DAY,
    party: "first",
    setBy: "server",
    httpOnly: true,
  },
  {
    name: "consent",
    category: "essential",
    purpose: {
      en: "Remembers your cookie choices and the policy revision you made them for.",
      ja: "Cookie の選択内容と、その選択をした時点のポリシー改訂番号を記憶します。",
    },
    lifetime: { en: "6 months", ja: "6 か月" },
    maxAgeSeconds: 182 * DAY,
    party: "first",
    setBy: "server",
    httpOnly: true,
  },
  {
    name: "lang",
    category: "functional",
    purpose: { en: "Remembers the language you chose (English or Japanese).", ja: "選択した表示言語（英語または日本語）を記憶します。" },
    lifetime: { en: "1 year", ja: "1 年" },
    maxAgeSeconds: 365 * DAY,
    party: "first",
    setBy: "server",
    httpOnly: false,
  },
  {
    name: "theme",
    category: "functional",
    purpose: { en: "Remembers the colour theme you chose (light or dark).", ja: "選択した配色（ライトまたはダーク）を記憶します。" },
    lifetime: { en: "1 year", ja: "1 年" },
    maxAgeSeconds: 365 * DAY,
    party: "first",
    setBy: "server",
    httpOnly: false,
  },
  {
    name: "sl_analytics",
    category: "analytics",
    purpose: {
      en: "A random visitor id for this site's own page-view statistics. Never shared; scripts cannot read it.",
      ja: "このサイト独自のページビュー統計のためのランダムな訪問者 ID です。外部に共有せず、スクリプトからは読めません。",
    },
    lifetime: { en: "13 months", ja: "13 か月" },
    maxAgeSeconds: 395 * DAY,
    party: "first",
    setBy: "server",
    httpOnly: true,
  },
  {
    name: "sl_mkt",
    category: "marketing",
    purpose: {
      en: "A demo advertising tag's identifier, standing in for the tags of an advertising network.",
      ja: "デモ用広告タグの識別子です。広告ネットワークのタグの代わりとして置いています。",
    },
    lifetime: { en: "90 days", ja: "90 日" },
    maxAgeSeconds: 90 * DAY,
    party: "first",
    setBy: "script",
    httpOnly: false,
  },
];

const byName = new Map(COOKIES.map((c) => [c.name, c]));

export const registeredCookie = (name: string): RegisteredCookie | undefined => byName.get(name);
export const isRegisteredCookie = (name: string): boolean => byName.has(name);
export const cookiesIn = (category: Category): RegisteredCookie[] => COOKIES.filter((c) => c.category === category);

export function cookieDefinition(name: string): RegisteredCookie {
  const cookie = byName.get(name);
  if (!cookie) throw new Error(`cookie "${name}" is not in the cookie registry (lib/consent/registry.ts)`);
  return cookie;
}
