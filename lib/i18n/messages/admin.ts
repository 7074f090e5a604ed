/**
 * The admin area: the user search, the session and account controls, the incident switch and the
 * dashboard. The Japanese table is typed by the English one, so a key missing from either fails the
 * type check.
 */

/** One series' total, for a chart's accessible name. */
interface SeriesTotal {
  name: string;
  total: number;
}

const en = {
  title: "Administration",
  unlockIntro: "Administration needs your password again before anything is shown.",
  confirmItsYou: "Confirm it's you",
  searchLabel: "Search users by email",
  search: "Search",
  noMatch: (q: string) => `No user matches “${q}”.`,
  adminBadge: "admin",
  disabledBadge: "disabled",
  noLiveSession: "No live session.",
  liveSessions: (count: number) => `${count} live ${count === 1 ? "session" : "sessions"}`,
  /** before a relative time ("3 minutes ago"), after the count of live sessions */
  lastActive: ", last active ",
  kindApp: "App",
  kindBrowser: "Browser",
  /** "signed in <time>, active <time>" on a session's line */
  signedIn: "signed in ",
  active: ", active ",
  endAll: "End all sessions",
  endAllOf: (email: string) => `End all sessions of ${email}`,
  ending: "Ending…",
  enableAccount: "Enable account",
  disableAccount: "Disable account",
  // the button's accessible name holds its visible text (WCAG 2.5.3, label in name)
  enableOf: (email: string) => `Enable account of ${email}`,
  disableOf: (email: string) => `Disable account of ${email}`,
  saving: "Saving…",
  incident: {
    heading: "Incident: end every session",
    /** around the confirmation phrase, which stays as it is in every language */
    typeBefore: "Type ",
    typeAfter: " to sign every user out of every browser and app. Your own session stays.",
    submit: "End every session",
    pending: "Ending every session…",
  },
  /** what the actions answer */
  done: {
    noneLive: "No session was live.",
    ended: (count: number) => `Ended ${count} ${count === 1 ? "session" : "sessions"}.`,
    cannotDisableSelf: "You cannot disable your own account.",
    disabled: (count: number) => `Account disabled; ${count} ${count === 1 ? "session" : "sessions"} ended.`,
    enabled: "Account enabled: it can sign in again.",
    typeToConfirm: (phrase: string) => `Type ${phrase} to confirm.`,
    endedEveryone: (count: number) => `Ended ${count} ${count === 1 ? "session" : "sessions"}. Yours stays open.`,
  },
  dashboard: {
    ranges: {
      "24h": { label: "Last 24 hours", words: "last 24 hours", unit: "hour" },
      "7d": { label: "Last 7 days", words: "last 7 days", unit: "day" },
    },
    rangeGroup: "Time range",
    heading: (words: string) => `Activity, ${words}`,
    asOf: (unit: string, at: string) => `Per ${unit}, in UTC, as of ${at} UTC.`,
    activeBrowser: "Active browser sessions",
    activeApp: "Active app sessions",
    activeNote: "Now: not ended, and within the idle and absolute limits.",
    charts: {
      "sign-ins": { title: "Sign-ins", note: "Sessions created, in browsers and in the app." },
      failed: {
        title: "Failed and throttled sign-ins",
        note: "Wrong passwords (at sign-in or when confirming one), and attempts refused after too many.",
      },
      ended: { title: "Sessions ended", note: "Signed out, expired or ended by a person or a control; the reasons are below." },
      threats: {
        title: "Token reuse and suspicious use",
        note: "Old session keys presented again (possible theft), and sessions used from another browser or network.",
      },
    },
    series: {
      browserSignIns: "Browser",
      appSignIns: "App",
      failedSignIns: "Failed",
      throttledSignIns: "Throttled",
      sessionsEnded: "Ended",
      tokenReuse: "Token reuse",
      suspicious: "Suspicious",
    },
    totals: "Totals",
    caption: (title: string, unit: string, words: string) => `${title} per ${unit}, ${words} (UTC)`,
    /** the chart's accessible name: its caption, the total, and each part's when there are several */
    chartLabel: (caption: string, total: number, parts: SeriesTotal[]) =>
      `${caption}. ${total} in total${parts.length > 1 ? `: ${parts.map((p) => `${p.total} ${p.name.toLowerCase()}`).join(", ")}` : ""}.`,
    hourColumn: "Hour (UTC)",
    dayColumn: "Day (UTC)",
    total: "Total",
    /** between a series' name and its number in a tooltip */
    tooltipSeparator: ": ",
    showAsTable: "Show as table",
    /** after "Show as table", for screen readers only */
    tableOf: (name: string) => `: ${name}`,
    reasons: {
      title: "Sessions ended, by reason",
      note: (words: string) => `Why sessions ended in the ${words}, most frequent first.`,
      none: (words: string) => `No session ended in the ${words}.`,
      caption: (words: string) => `Sessions ended by reason, ${words}`,
      /** the chart's accessible name: its caption, then every reason with its count */
      chartLabel: (caption: string, list: string) => `${caption}: ${list}.`,
      reasonCount: (reason: string, count: number) => `${reason}, ${count}`,
      listSeparator: "; ",
      reasonColumn: "Reason",
      sessionsColumn: "Sessions",
    },
    /**
     * a reason this version does not know (recorded by a newer one), shown as recorded; the known
     * reasons are said in the activity page's words (account.activity.ended)
     */
    otherReason: (reason: string) => `Other (${reason})`,
    noReason: "No reason recorded",
  },
};

export type AdminMessages = typeof en;

const ja: AdminMessages = {
  title: "管理",
  unlockIntro: "管理画面を表示するには、パスワードを再入力して本人確認（再認証）を行ってください。",
  confirmItsYou: "本人確認（再認証）",
  searchLabel: "メールアドレスでユーザーを検索",
  search: "検索",
  noMatch: (q) => `「${q}」に一致するユーザーはいません。`,
  adminBadge: "管理者",
  disabledBadge: "無効",
  noLiveSession: "有効なセッションはありません。",
  liveSessions: (count) => `有効なセッション${count}件`,
  lastActive: "、最終操作は",
  kindApp: "アプリ",
  kindBrowser: "ブラウザ",
  signedIn: "ログインは",
  active: "、最終操作は",
  endAll: "すべてのセッションを終了",
  endAllOf: (email) => `${email} のすべてのセッションを終了`,
  ending: "終了しています…",
  enableAccount: "アカウントを有効化",
  disableAccount: "アカウントを無効化",
  enableOf: (email) => `${email} のアカウントを有効化`,
  disableOf: (email) => `${email} のアカウントを無効化`,
  saving: "保存しています…",
  incident: {
    heading: "インシデント対応：すべてのセッションを終了",
    typeBefore: "すべてのユーザーを、すべてのブラウザとアプリからログアウトさせるには、「",
    typeAfter: "」と入力してください。ご自身のセッションは終了しません。",
    submit: "すべてのセッションを終了",
    pending: "すべてのセッションを終了しています…",
  },
  done: {
    noneLive: "有効なセッションはありませんでした。",
    ended: (count) => `${count}件のセッションを終了しました。`,
    cannotDisableSelf: "ご自身のアカウントは無効化できません。",
    disabled: (count) => `アカウントを無効化し、${count}件のセッションを終了しました。`,
    enabled: "アカウントを有効化しました。再びログインできます。",
    typeToConfirm: (phrase) => `確認のため「${phrase}」と入力してください。`,
    endedEveryone: (count) => `${count}件のセッションを終了しました。ご自身のセッションはそのままです。`,
  },
  dashboard: {
    ranges: {
      "24h": { label: "過去24時間", words: "過去24時間", unit: "1時間" },
      "7d": { label: "過去7日間", words: "過去7日間", unit: "1日" },
    },
    rangeGroup: "期間",
    heading: (words) => `アクティビティ（${words}）`,
    asOf: (unit, at) => `${at} UTC 時点の、${unit}ごと（UTC）の集計です。`,
    activeBrowser: "有効なブラウザのセッション",
    activeApp: "有効なアプリのセッション",
    activeNote: "現時点の数：終了しておらず、アイドルタイムアウトと絶対タイムアウトの範囲内にあるセッションです。",
    charts: {
      "sign-ins": { title: "ログイン", note: "ブラウザとアプリで作成されたセッションの数です。" },
      failed: {
        title: "ログインの失敗と回数制限",
        note: "誤ったパスワード（ログイン時、または本人確認（再認証）時）と、失敗が続いたために拒否された試行です。",
      },
      ended: {
        title: "終了したセッション",
        note: "ログアウト、期限切れ、または人の操作やセキュリティ上の制御によって終了したセッションです。理由の内訳は下にあります。",
      },
      threats: {
        title: "トークンの再使用と不審な利用",
        note: "古いセッションキーが再び使われたもの（盗用の可能性）と、別のブラウザやネットワークから使われたセッションです。",
      },
    },
    series: {
      browserSignIns: "ブラウザ",
      appSignIns: "アプリ",
      failedSignIns: "失敗",
      throttledSignIns: "回数制限",
      sessionsEnded: "終了",
      tokenReuse: "トークンの再使用",
      suspicious: "不審な利用",
    },
    totals: "合計",
    caption: (title, unit, words) => `${title}（${unit}ごと、${words}、UTC）`,
    chartLabel: (caption, total, parts) =>
      `${caption}。合計 ${total}件${parts.length > 1 ? `（${parts.map((p) => `${p.name} ${p.total}件`).join("、")}）` : ""}。`,
    hourColumn: "時間帯（UTC）",
    dayColumn: "日付（UTC）",
    total: "合計",
    tooltipSeparator: "：",
    showAsTable: "表で表示",
    tableOf: (name) => `（${name}）`,
    reasons: {
      title: "終了したセッション（理由別）",
      note: (words) => `${words}にセッションが終了した理由です。多い順に並べています。`,
      none: (words) => `${words}に終了したセッションはありません。`,
      caption: (words) => `理由別の終了したセッション（${words}）`,
      chartLabel: (caption, list) => `${caption}：${list}。`,
      reasonCount: (reason, count) => `${reason}（${count}件）`,
      listSeparator: "、",
      reasonColumn: "理由",
      sessionsColumn: "セッション数",
    },
    otherReason: (reason) => `その他（${reason}）`,
    noReason: "理由の記録なし",
  },
};

export const admin = { en, ja };
