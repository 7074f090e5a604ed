import { isLang, type Lang } from "../i18n/lang";
import type { EmailTopic } from "./events";

/**
 * The security emails, in English and Japanese (the account's language), as plain text and HTML.
 * Each says what happened, from which device and network prefix, when, and what to do. Every value
 * put into the HTML is escaped; links are built by the caller on APP_URL.
 */
export type Language = Lang;

export interface MessageFacts {
  email: string;
  at: string;
  device: string;
  ipPrefix: string;
  /** the message's own link (reset, "This wasn't me"), and the page to ask for a reset */
  link?: string;
  forgotPasswordUrl: string;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

interface Template {
  subject: string;
  lines: (f: MessageFacts) => string[];
  /** what to do; the action link, when there is one, follows it */
  advice: (f: MessageFacts) => string[];
  action?: { label: string; url: (f: MessageFacts) => string | undefined };
  /** whether the device and network of the event are worth showing */
  details: boolean;
}

const EN: Record<EmailTopic, Template> = {
  "new-sign-in": {
    subject: "New sign-in to your Session Lab account",
    lines: (f) => [
      `Your account ${f.email} was just signed in to from a browser or app that had not signed in to it before (or not for 90 days).`,
    ],
    advice: () => [
      "If this was you, there is nothing to do.",
      "If it wasn't you, open the link below: it signs that device out at once (and, if you choose, every device), then lets you choose a new password. It works once, for 7 days.",
    ],
    action: { label: "This wasn't me", url: (f) => f.link },
    details: true,
  },
  "password-changed": {
    subject: "Your Session Lab password was changed",
    lines: (f) => [`The password of your account ${f.email} was changed. Every other device and app was signed out.`],
    advice: () => ["If you did not change it, reset your password now and tell your administrator."],
    action: { label: "Reset my password", url: (f) => f.forgotPasswordUrl },
    details: true,
  },
  "password-reset": {
    subject: "Your Session Lab password was reset",
    lines: (f) => [
      `The password of your account ${f.email} was reset with a link sent to this address. Every device and app was signed out, except the browser that set the new password.`,
    ],
    advice: () => ["If this wasn't you, reset the password again at once and tell your administrator."],
    action: { label: "Reset my password", url: (f) => f.forgotPasswordUrl },
    details: true,
  },
  "password-reset-link": {
    subject: "Reset your Session Lab password",
    lines: (f) => [`Someone, hopefully you, asked to reset the password of your account ${f.email}.`],
    advice: () => [
      "Choose a new password with the link below. It works once, within 30 minutes. Setting a new password signs out every device and app.",
      "If you did not ask for this, ignore this email: your password stays as it is.",
    ],
    action: { label: "Choose a new password", url: (f) => f.link },
    details: true,
  },
  "sessions-ended-by-admin": {
    subject: "An administrator signed you out everywhere",
    lines: (f) => [`An administrator ended every session of your account ${f.email}, on every device and app.`],
    advice: () => ["Sign in again to go on. If you did not expect this, contact your administrator."],
    details: false,
  },
  "sessions-ended-incident": {
    subject: "We signed everyone out as a security precaution",
    lines: (f) => [`As a security precaution, every session of every account was ended, yours (${f.email}) included.`],
    advice: () => ["Sign in again to go on. We recommend choosing a new password."],
    action: { label: "Choose a new password", url: (f) => f.forgotPasswordUrl },
    details: false,
  },
  "account-disabled": {
    subject: "Your Session Lab account was disabled",
    lines: (f) => [
      `An administrator disabled your account ${f.email}. Every session ended, and signing in is refused until it is enabled again.`,
    ],
    advice: () => ["If you think this is a mistake, contact your administrator."],
    details: false,
  },
  "session-stolen": {
    subject: "We ended a session that may have been stolen",
    lines: (f) => [
      `An old session key of your account ${f.email} was used again. That happens when a copy of it is in someone else's hands, so we ended the session.`,
    ],
    advice: () => ["Sign in again where you need to, and choose a new password."],
    action: { label: "Choose a new password", url: (f) => f.forgotPasswordUrl },
    details: true,
  },
  "session-suspicious": {
    subject: "We ended a session used from another browser",
    lines: (f) => [`A session of your account ${f.email} was used from a browser other than the one that signed in, so we ended it.`],
    advice: () => ["If you did not just change browsers, choose a new password."],
    action: { label: "Choose a new password", url: (f) => f.forgotPasswordUrl },
    details: true,
  },
};

const JA: Record<EmailTopic, Template> = {
  "new-sign-in": {
    subject: "Session Lab アカウントへの新しいログイン",
    lines: (f) => [
      `アカウント（${f.email}）に、これまでログインに使われたことのない（または90日以上使われていない）ブラウザまたはアプリからログインがありました。`,
    ],
    advice: () => [
      "ご自身によるログインであれば、対応は不要です。",
      "お心当たりがない場合は、下のリンクを開いてください。その端末を直ちにログアウトさせ（ご希望があればすべての端末も）、続けて新しいパスワードを設定できます。リンクは7日間、1回だけ有効です。",
    ],
    action: { label: "心当たりがない", url: (f) => f.link },
    details: true,
  },
  "password-changed": {
    subject: "Session Lab のパスワードが変更されました",
    lines: (f) => [`アカウント（${f.email}）のパスワードが変更されました。ほかのすべての端末とアプリはログアウトされました。`],
    advice: () => ["お心当たりがない場合は、すぐにパスワードを再設定し、管理者にご連絡ください。"],
    action: { label: "パスワードを再設定する", url: (f) => f.forgotPasswordUrl },
    details: true,
  },
  "password-reset": {
    subject: "Session Lab のパスワードが再設定されました",
    lines: (f) => [
      `このメールアドレスに送られたリンクから、アカウント（${f.email}）のパスワードが再設定されました。新しいパスワードを設定したブラウザを除き、すべての端末とアプリはログアウトされました。`,
    ],
    advice: () => ["お心当たりがない場合は、すぐにもう一度パスワードを再設定し、管理者にご連絡ください。"],
    action: { label: "パスワードを再設定する", url: (f) => f.forgotPasswordUrl },
    details: true,
  },
  "password-reset-link": {
    subject: "Session Lab のパスワード再設定",
    lines: (f) => [`アカウント（${f.email}）のパスワード再設定が依頼されました。`],
    advice: () => [
      "下のリンクから新しいパスワードを設定してください。リンクは30分間、1回だけ有効です。新しいパスワードを設定すると、すべての端末とアプリがログアウトされます。",
      "お心当たりがない場合は、このメールを無視してください。パスワードは変更されません。",
    ],
    action: { label: "新しいパスワードを設定する", url: (f) => f.link },
    details: true,
  },
  "sessions-ended-by-admin": {
    subject: "管理者がすべてのセッションを終了しました",
    lines: (f) => [`管理者が、アカウント（${f.email}）のすべての端末とアプリのセッションを終了しました。`],
    advice: () => ["続けるには、もう一度ログインしてください。お心当たりがない場合は、管理者にお問い合わせください。"],
    details: false,
  },
  "sessions-ended-incident": {
    subject: "安全のため、すべてのセッションを終了しました",
    lines: (f) => [
      `セキュリティ上の予防措置として、すべてのアカウントのセッションを終了しました。お使いのアカウント（${f.email}）も含まれます。`,
    ],
    advice: () => ["続けるには、もう一度ログインしてください。パスワードの再設定をおすすめします。"],
    action: { label: "新しいパスワードを設定する", url: (f) => f.forgotPasswordUrl },
    details: false,
  },
  "account-disabled": {
    subject: "Session Lab のアカウントが無効化されました",
    lines: (f) => [
      `管理者がアカウント（${f.email}）を無効化しました。すべてのセッションは終了し、再び有効化されるまでログインできません。`,
    ],
    advice: () => ["誤りだと思われる場合は、管理者にお問い合わせください。"],
    details: false,
  },
  "session-stolen": {
    subject: "盗まれた可能性のあるセッションを終了しました",
    lines: (f) => [
      `アカウント（${f.email}）の古いセッションキーが再び使われました。セッションキーの複製が第三者の手にあるときに起きることのため、そのセッションを終了しました。`,
    ],
    advice: () => ["必要な端末でもう一度ログインし、新しいパスワードを設定してください。"],
    action: { label: "新しいパスワードを設定する", url: (f) => f.forgotPasswordUrl },
    details: true,
  },
  "session-suspicious": {
    subject: "別のブラウザから使われたセッションを終了しました",
    lines: (f) => [`アカウント（${f.email}）のセッションが、ログインしたときとは別のブラウザから使われたため、終了しました。`],
    advice: () => ["ブラウザを変えた覚えがない場合は、新しいパスワードを設定してください。"],
    action: { label: "新しいパスワードを設定する", url: (f) => f.forgotPasswordUrl },
    details: true,
  },
};

const WORDS = {
  en: {
    device: "Device",
    network: "Network",
    networkNote: "the first part of the address",
    when: "When",
    unknownDevice: "Unknown device",
    footer: "This is an automatic security message from Session Lab about your account. Security messages cannot be turned off.",
  },
  ja: {
    device: "端末",
    network: "ネットワーク",
    networkNote: "アドレスの前半部分",
    when: "日時",
    unknownDevice: "不明な端末",
    footer: "これは Session Lab からアカウントについて自動送信されるセキュリティ通知です。セキュリティ通知は停止できません。",
  },
} satisfies Record<Language, Record<string, string>>;

const TEMPLATES: Record<Language, Record<EmailTopic, Template>> = { en: EN, ja: JA };

export const isLanguage = isLang;

/** "2 December 2026 at 14:03 UTC" / "2026年12月2日 14:03 UTC" */
export function formatWhen(iso: string, language: Language): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  const locale = language === "ja" ? "ja-JP" : "en-GB";
  return `${new Intl.DateTimeFormat(locale, { dateStyle: "long", timeStyle: "short", timeZone: "UTC" }).format(date)} UTC`;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

export function renderEmail(topic: EmailTopic, language: Language, facts: MessageFacts): RenderedEmail {
  const t = TEMPLATES[language][topic];
  const w = WORDS[language];
  const details: [string, string][] = t.details
    ? [
        [w.device, facts.device || w.unknownDevice],
        ...(facts.ipPrefix ? ([[w.network, `${facts.ipPrefix} (${w.networkNote})`]] as [string, string][]) : []),
        [w.when, formatWhen(facts.at, language)],
      ]
    : [[w.when, formatWhen(facts.at, language)]];
  const url = t.action?.url(facts);
  const lines = t.lines(facts);
  const advice = t.advice(facts);

  const text = [
    ...lines,
    "",
    ...details.map(([k, v]) => `${k}: ${v}`),
    "",
    ...advice,
    ...(url && t.action ? ["", `${t.action.label}: ${url}`] : []),
    "",
    "--",
    w.footer,
    "",
  ].join("\n");

  const p = (s: string) => `<p style="margin:0 0 12px">${escapeHtml(s)}</p>`;
  const html = `<!doctype html>
<html lang="${language}"><head><meta charset="utf-8"><title>${escapeHtml(t.subject)}</title></head>
<body style="font-family:system-ui,-apple-system,'Segoe UI',sans-serif;color:#0f172a;line-height:1.5;max-width:36rem;margin:0 auto;padding:24px">
<h1 style="font-size:20px;margin:0 0 16px">${escapeHtml(t.subject)}</h1>
${lines.map(p).join("\n")}
<table role="presentation" style="border-collapse:collapse;margin:0 0 16px">${details
    .map(
      ([k, v]) =>
        `<tr><th scope="row" style="text-align:left;padding:2px 12px 2px 0;font-weight:600">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`,
    )
    .join("")}</table>
${advice.map(p).join("\n")}
${
  url && t.action
    ? `<p style="margin:16px 0"><a href="${escapeHtml(url)}" style="display:inline-block;background:#1d4ed8;color:#ffffff;padding:10px 16px;border-radius:6px;text-decoration:none;font-weight:600">${escapeHtml(t.action.label)}</a></p>
<p style="margin:0 0 12px;font-size:13px;color:#334155">${escapeHtml(url)}</p>`
    : ""
}
<hr style="border:none;border-top:1px solid #cbd5e1;margin:24px 0 12px">
<p style="font-size:13px;color:#334155;margin:0">${escapeHtml(w.footer)}</p>
</body></html>
`;
  return { subject: t.subject, text, html };
}
