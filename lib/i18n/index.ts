import { CONSENT_MESSAGES } from "../consent/messages";
import type { Lang } from "./lang";
import { account } from "./messages/account";
import { admin } from "./messages/admin";
import { api } from "./messages/api";
import { auth } from "./messages/auth";
import { common } from "./messages/common";
import { shared } from "./messages/shared";

/**
 * Every text the app shows, by language: one module per area under messages/, each an English table
 * and a Japanese one typed by it. Server code reads them with getMessages() (lib/i18n/server.ts),
 * client components with useMessages() (app/components/i18n.ts), and code outside a request with
 * messagesFor(lang). No server-only or client-only imports: both sides use this module.
 */
const build = (lang: Lang) => ({
  shared: shared[lang],
  common: common[lang],
  auth: auth[lang],
  account: account[lang],
  admin: admin[lang],
  api: api[lang],
  consent: CONSENT_MESSAGES[lang],
});

export type Messages = ReturnType<typeof build>;

export const MESSAGES: Record<Lang, Messages> = { en: build("en"), ja: build("ja") };

export const messagesFor = (lang: Lang): Messages => MESSAGES[lang];

export { formatFor, type Formats } from "./format";
export { isLang, LANGS, LANGUAGE_NAMES, negotiateLang, TAB_LANG_HEADER, type Lang } from "./lang";
