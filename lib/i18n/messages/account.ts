import type { AdoptionSource } from "../../adoption/config";
import type { DeviceWords } from "../../session/device";
import { END_REASONS, type RevokeReason } from "../../session/reasons";

/**
 * The account centre (overview, devices, activity, the "Confirm it's you" dialog) and the idle
 * warning, in English and Japanese (Japanese typed by the English: a missing key fails the type check).
 * A sentence with a link or an emphasised name in it is split around it (`before`, `link`, `after`).
 */

/** How a session ended, on the activity page: in English, the line of the one table of reasons (lib/session/reasons.ts). */
const endedEn = Object.fromEntries(Object.entries(END_REASONS).map(([reason, r]) => [reason, r.activity])) as Record<RevokeReason, string>;

const en = {
  nav: { label: "Account", overview: "Overview", devices: "Devices", activity: "Activity", password: "Password" },
  /** a session carried over from the system this site replaces (lib/adoption) */
  foreign: {
    names: {
      authjs: "the previous sign-in (Auth.js)",
      "express-session": "the previous site",
      "iron-session": "the previous site",
    } satisfies Record<AdoptionSource, string>,
    before: (name: string) =>
      `You are signed in with your session from ${name}, which this site is moving away from. You can look around; to change anything here, `,
    link: "sign in again",
    after: ".",
  },
  overview: {
    title: "Your account",
    signedInAs: "Signed in as ",
    admin: "admin",
    passwordReset: "Your password is reset. Every other device and app was signed out; you are signed in here.",
    noticesHeading: "Notices",
    /** around the name of the device signed out for this one */
    evicted: {
      before: (max: number) => `You were signed in on ${max} devices, the most allowed, so `,
      after: " was signed out to make room for this one.",
    },
    /** around the device, then after its network and time */
    newSignIn: { before: "New sign-in on ", notYou: ". Not you? ", link: "Review your devices", after: "." },
    failedSignIns: {
      text: (count: number) =>
        `${count === 1 ? "1 failed sign-in attempt" : `${count} failed sign-in attempts`} on your account since you signed in here. `,
      link: "See activity",
      after: ".",
    },
    suspicious: {
      before: "Your session was used from another browser or network. ",
      activityLink: "See activity",
      middle: " and, if it was not you, ",
      passwordLink: "change your password",
      after: ".",
    },
    sessionHeading: "This session",
  },
  timers: {
    signedIn: "Signed in",
    lastActive: "Last active",
    idleExpiry: "Idle expiry in",
    absoluteExpiry: "Absolute expiry in",
    expired: "expired",
    /** the minutes and seconds come zero-padded ("05") */
    hoursLeft: (hours: number, minutes: string) => `${hours}h ${minutes}m`,
    minutesLeft: (minutes: number, seconds: string) => `${minutes}m ${seconds}s`,
  },
  /** the "Confirm it's you" dialog and the elevated state above every account page */
  elevation: {
    title: "Confirm it's you",
    text: (window: string) => `This action needs your password. You will not be asked again for ${window}.`,
    password: "Password",
    checking: "Checking…",
    confirm: "Confirm",
    cancel: "Cancel",
    notElevated: "Sensitive actions ask for your password.",
    /** around the m:ss countdown */
    confirmed: { before: "Confirmed · ", after: " left" },
    endNow: "End now",
  },
  devices: {
    title: "Devices",
    intro: (count: number) =>
      `${count === 1 ? "You are signed in on this device only." : `You are signed in on ${count} devices.`} Sign out any you do not recognise, then change your password.`,
    app: "App",
    browser: "Browser",
    thisDevice: "This device",
    confirmed: "Confirmed",
    /** before the time of sign-in, and between it and the time of last activity */
    signedIn: "Signed in ",
    lastActive: " · last active ",
    signOut: "Sign out",
    signOutDevice: (device: string) => `Sign out ${device}`,
    signingOut: "Signing out…",
    signOutOthers: "Sign out all other devices",
    notFound: "That device could not be found. Reload the page and try again.",
    useSignOut: "To end this session, use Sign out.",
    alreadyEnded: "That session had already ended.",
    signedOut: "That device is signed out.",
    signedOutOthers: (count: number) => `Signed out of ${count} other ${count === 1 ? "device" : "devices"}.`,
  },
  /** a device named from its User-Agent ("Chrome 130 on macOS") */
  device: {
    on: (browser: string, where: string) => `${browser} on ${where}`,
    unknownBrowserOn: (where: string) => `Unknown browser on ${where}`,
    unknownDevice: "Unknown device",
  } satisfies DeviceWords,
  unknownNetwork: "unknown network",
  /** a relative time and, for assistive technology, the exact one */
  relativeTime: (relative: string, exact: string) => `${relative} (${exact})`,
  activity: {
    title: "Activity",
    intro: "Sign-ins, sign-outs and everything else that happened to your sessions, newest first.",
    empty: "Nothing here yet.",
    thisSession: " · this session",
    pages: "Activity pages",
    newest: "Newest",
    older: "Older events",
    /** how a session ended, by the reason recorded */
    ended: endedEn,
    sessionEnded: "Session ended",
    /** who ended a session */
    by: {
      youHere: "by you, on this device",
      youThere: "by you, on that device",
      youFromHere: "by you, from this device",
      youFrom: (device: string) => `by you, from ${device}`,
      youFromAnother: "by you, from another device",
      admin: "by an administrator",
    },
    /** the systems sessions are carried over from, when not named by their product (Auth.js) */
    sources: { previousSite: "the previous site", previousSystem: "the previous system", signIn: "sign-in" },
    signedIn: "Signed in",
    signedInApp: "Signed in to the app",
    adopted: (source: string) => `Carried over from your sign-in with ${source}`,
    oldCookieRefused: (source: string) => `A copy of your old ${source} cookie was used after it moved here, and refused`,
    renewed: "Session key renewed",
    renewedForPrivilege: "Session key renewed after a privilege change",
    elevated: "Confirmed with password: sensitive actions unlocked",
    elevationDropped: "Ended the confirmed window early",
    verified: "Confirmed a new browser or network with the password",
    suspicious: (where: string, outcome: string) => `Session used from ${where}: ${outcome}`,
    suspiciousWhere: { browser: "another browser", network: "another network", and: " and ", unexpected: "an unexpected place" },
    suspiciousOutcome: { stepUp: "the password was asked for", revoke: "the session was ended", record: "recorded" },
    wrongPassword: (when: string) => `Wrong password when ${when}`,
    /** what the wrong password was typed for */
    purposes: {
      "sign-in": "signing in",
      elevation: "confirming it was you",
      "step-up": "confirming a new browser",
      "password-change": "changing the password",
      "app-sign-in": "signing in to the app",
    },
    throttled: "Password attempts paused after too many failures",
    passwordChanged: "Password changed",
    resetRequested: "A password reset link was asked for",
    passwordReset: "Password reset with an emailed link",
    adminEndedSessions: "An administrator signed you out everywhere",
    adminDisabled: "An administrator disabled the account",
    adminEnabled: "An administrator enabled the account again",
  },
  /** the warning before idle expiry (app/components/session-watcher.tsx) */
  idle: {
    title: "Are you still there?",
    /** around the m:ss countdown */
    before: "For your security you will be signed out in",
    after: "unless you stay signed in.",
    announce: (seconds: number) => `${seconds} seconds left before you are signed out.`,
    stay: "Stay signed in",
    signOut: "Sign out",
  },
};

export type AccountMessages = typeof en;

const ja: AccountMessages = {
  nav: { label: "アカウント", overview: "概要", devices: "端末", activity: "アクティビティ", password: "パスワード" },
  foreign: {
    names: {
      authjs: "以前のログイン（Auth.js）",
      "express-session": "以前のサイト",
      "iron-session": "以前のサイト",
    },
    before: (name) =>
      `${name}のセッションでログインしています。このサイトはそのセッションから移行中です。閲覧はできますが、ここで変更を行うには`,
    link: "ログインし直して",
    after: "ください。",
  },
  overview: {
    title: "アカウント",
    signedInAs: "ログイン中のアカウント：",
    admin: "管理者",
    passwordReset: "パスワードを再設定しました。ほかのすべての端末とアプリはログアウトされ、この端末ではログインしたままです。",
    noticesHeading: "お知らせ",
    evicted: {
      before: (max) => `ログイン中の端末が上限の${max}台に達していたため、この端末でログインできるよう、`,
      after: "をログアウトさせました。",
    },
    newSignIn: { before: "新しいログイン：", notYou: "。心当たりがない場合は、", link: "端末を確認してください", after: "。" },
    failedSignIns: {
      text: (count) => `この端末でログインしてから、アカウントへのログインに${count}回失敗しています。`,
      link: "アクティビティを確認",
      after: "してください。",
    },
    suspicious: {
      before: "あなたのセッションが、別のブラウザまたはネットワークから使われました。",
      activityLink: "アクティビティを確認",
      middle: "し、心当たりがない場合は",
      passwordLink: "パスワードを変更",
      after: "してください。",
    },
    sessionHeading: "このセッション",
  },
  timers: {
    signedIn: "ログイン日時",
    lastActive: "最終操作日時",
    idleExpiry: "アイドルタイムアウトまで",
    absoluteExpiry: "絶対タイムアウトまで",
    expired: "期限切れ",
    hoursLeft: (hours, minutes) => `${hours}時間${minutes}分`,
    minutesLeft: (minutes, seconds) => `${minutes}分${seconds}秒`,
  },
  elevation: {
    title: "本人確認（再認証）",
    text: (window) =>
      `この操作には、パスワードを再入力して本人確認（再認証）する必要があります。確認後は${window}のあいだ、再入力を求めません。`,
    password: "パスワード",
    checking: "確認しています…",
    confirm: "確認",
    cancel: "キャンセル",
    notElevated: "重要な操作の前には、パスワードの再入力を求めます。",
    confirmed: { before: "本人確認済み（残り ", after: "）" },
    endNow: "今すぐ終了",
  },
  devices: {
    title: "端末",
    intro: (count) =>
      `${count === 1 ? "この端末でのみログインしています。" : `${count}台の端末でログインしています。`}心当たりのない端末はログアウトさせ、パスワードを変更してください。`,
    app: "アプリ",
    browser: "ブラウザ",
    thisDevice: "この端末",
    confirmed: "本人確認済み",
    signedIn: "ログイン：",
    lastActive: " · 最終操作：",
    signOut: "ログアウト",
    signOutDevice: (device) => `${device}をログアウトさせる`,
    signingOut: "ログアウトさせています…",
    signOutOthers: "ほかのすべての端末をログアウトさせる",
    notFound: "その端末が見つかりませんでした。ページを再読み込みして、もう一度お試しください。",
    useSignOut: "このセッションを終了するには、「ログアウト」を使ってください。",
    alreadyEnded: "そのセッションはすでに終了していました。",
    signedOut: "その端末をログアウトさせました。",
    signedOutOthers: (count) => `ほかの${count}台の端末をログアウトさせました。`,
  },
  // "macOS の Chrome 130": no parentheses, as the name often sits inside some
  device: {
    on: (browser, where) => `${where} の ${browser}`,
    unknownBrowserOn: (where) => `${where} の不明なブラウザ`,
    unknownDevice: "不明な端末",
  },
  unknownNetwork: "不明なネットワーク",
  relativeTime: (relative, exact) => `${relative}（${exact}）`,
  activity: {
    title: "アクティビティ",
    intro: "ログイン、ログアウトなど、セッションに起きたすべての出来事を新しい順に表示します。",
    empty: "まだ記録はありません。",
    thisSession: " · このセッション",
    pages: "アクティビティのページ",
    newest: "最新",
    older: "さらに前の記録",
    ended: {
      "signed-out": "ログアウトしました",
      "signed-in-again": "同じブラウザでの新しいログインに置き換えられました",
      "expired-idle": "アイドルタイムアウトによりログアウトしました",
      "expired-absolute": "セッションが絶対タイムアウトに達したため、ログアウトしました",
      "token-reuse": "古いセッションキーが再び使われたため、セッションを終了しました（盗用の可能性）",
      "revoked-by-user": "「端末」ページからセッションを終了しました",
      "password-changed": "パスワードが変更されたため、ログアウトしました",
      "password-reset": "パスワードが再設定されたため、ログアウトしました",
      "reported-by-user": "メールの「心当たりがない」リンクからセッションを終了しました",
      "session-limit": "新しいログインのため、ログアウトしました（セッション数の上限）",
      "hijack-suspected": "別のブラウザから使われたため、セッションを終了しました",
      admin: "管理者がセッションを終了しました",
      "account-disabled": "アカウントが無効化されたため、セッションを終了しました",
      "password-retries": "パスワードの誤りが続いたため、セッションを終了しました",
    },
    sessionEnded: "セッションが終了しました",
    by: {
      youHere: "（この端末であなたが操作）",
      youThere: "（その端末であなたが操作）",
      youFromHere: "（この端末からあなたが操作）",
      youFrom: (device) => `（${device}からあなたが操作）`,
      youFromAnother: "（別の端末からあなたが操作）",
      admin: "（管理者による操作）",
    },
    sources: { previousSite: "以前のサイト", previousSystem: "以前のシステム", signIn: "以前のログイン" },
    signedIn: "ログインしました",
    signedInApp: "アプリにログインしました",
    adopted: (source) => `${source}でのログインから引き継がれました`,
    oldCookieRefused: (source) => `${source}の古い Cookie の複製が移行後に使われたため、拒否しました`,
    renewed: "セッションキーを更新しました",
    renewedForPrivilege: "権限の変更に伴い、セッションキーを更新しました",
    elevated: "パスワードで本人確認（再認証）しました：重要な操作ができるようになりました",
    elevationDropped: "本人確認の有効時間を早めに終了しました",
    verified: "新しいブラウザまたはネットワークからの利用を、パスワードで確認しました（追加の本人確認）",
    suspicious: (where, outcome) => `${where}からセッションが使われました：${outcome}`,
    suspiciousWhere: { browser: "別のブラウザ", network: "別のネットワーク", and: "と", unexpected: "想定外の場所" },
    suspiciousOutcome: { stepUp: "パスワードの入力を求めました", revoke: "セッションを終了しました", record: "記録しました" },
    wrongPassword: (when) => `${when}に誤ったパスワードが入力されました`,
    purposes: {
      "sign-in": "ログイン時",
      elevation: "本人確認（再認証）時",
      "step-up": "新しいブラウザの確認時",
      "password-change": "パスワードの変更時",
      "app-sign-in": "アプリへのログイン時",
    },
    throttled: "失敗が続いたため、パスワードの入力を一時的に停止しました",
    passwordChanged: "パスワードが変更されました",
    resetRequested: "パスワード再設定用のリンクが依頼されました",
    passwordReset: "メールのリンクからパスワードが再設定されました",
    adminEndedSessions: "管理者が、すべての端末であなたをログアウトさせました",
    adminDisabled: "管理者がアカウントを無効化しました",
    adminEnabled: "管理者がアカウントを再び有効化しました",
  },
  idle: {
    title: "まだご利用中ですか？",
    before: "セキュリティのため、あと",
    after: "で自動的にログアウトします。ログインを続ける場合は「ログインを続ける」を押してください。",
    announce: (seconds) => `ログアウトまで残り${seconds}秒です。`,
    stay: "ログインを続ける",
    signOut: "ログアウト",
  },
};

export const account = { en, ja };
