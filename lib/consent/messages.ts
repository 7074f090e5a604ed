import type { Lang, OptionalCategory } from "./registry";

/** The consent banner, preferences dialog, cookie policy and footer, in English and Japanese. */
export interface ConsentMessages {
  bannerTitle: string;
  bannerText: string;
  acceptAll: string;
  rejectAll: string;
  customize: string;
  policyLink: string;
  gpcHonoured: string;
  outdated: string;
  dialogTitle: string;
  dialogIntro: string;
  save: string;
  close: string;
  alwaysOn: string;
  offByGpc: string;
  saving: string;
  saved: string;
  saveFailed: string;
  cookieSettings: string;
  cookiePolicy: string;
  language: string;
  theme: string;
  light: string;
  dark: string;
  notRemembered: string;
  categories: Record<"essential" | OptionalCategory, { title: string; description: string }>;
  table: {
    name: string;
    purpose: string;
    lifetime: string;
    party: string;
    first: string;
    third: string;
    httpOnly: string;
    yes: string;
    no: string;
  };
  policyTitle: string;
  policyIntro: string;
  policyRevision: (revision: number) => string;
  yourChoices: string;
  noDecision: string;
  decidedOn: (when: string) => string;
}

const en: ConsentMessages = {
  bannerTitle: "Cookies on Session Lab",
  bannerText:
    "We use essential cookies to keep you signed in. With your consent we would also remember your language and theme, " +
    "count page views, and load a demo advertising tag. Nothing optional is set or loaded until you choose.",
  acceptAll: "Accept all",
  rejectAll: "Reject all",
  customize: "Customize",
  policyLink: "Cookie policy",
  gpcHonoured: "Your browser sent a Global Privacy Control signal, so analytics and marketing stay off whatever you choose here.",
  outdated: "Our cookie policy has changed since you last chose. Please choose again.",
  dialogTitle: "Cookie preferences",
  dialogIntro:
    "Choose which kinds of cookies and scripts this site may use. You can change this at any time from “Cookie settings” at the bottom of every page.",
  save: "Save choices",
  close: "Close",
  alwaysOn: "Always on",
  offByGpc: "Off: Global Privacy Control",
  saving: "Saving your choices…",
  saved: "Your cookie choices were saved.",
  saveFailed: "Your choices could not be saved. Check your connection and try again.",
  cookieSettings: "Cookie settings",
  cookiePolicy: "Cookie policy",
  language: "Language",
  theme: "Theme",
  light: "Light",
  dark: "Dark",
  notRemembered: "Without functional cookies, this choice lasts until you close the tab.",
  categories: {
    essential: {
      title: "Essential",
      description: "Needed for the site to work: your sign-in session and the record of these choices. They cannot be turned off.",
    },
    functional: { title: "Functional", description: "Remember your language and colour theme between visits." },
    analytics: {
      title: "Analytics",
      description: "Count page views with this site's own statistics, so we know which pages are used. Never shared.",
    },
    marketing: { title: "Marketing", description: "Load a demo advertising tag that sets an identifier, as ad networks do." },
  },
  table: {
    name: "Cookie",
    purpose: "Purpose",
    lifetime: "Lifetime",
    party: "Set by",
    first: "This site",
    third: "Third party",
    httpOnly: "Hidden from scripts",
    yes: "Yes",
    no: "No",
  },
  policyTitle: "Cookie policy",
  policyIntro:
    "Every cookie this site can set is listed below, by category. Essential cookies are always set; the others only with your consent, and they are deleted when you withdraw it.",
  policyRevision: (revision) => `Policy revision ${revision}.`,
  yourChoices: "Your current choices",
  noDecision: "You have not made a choice yet: only essential cookies are in use.",
  decidedOn: (when) => `Chosen on ${when}.`,
};

const ja: ConsentMessages = {
  bannerTitle: "Session Lab の Cookie について",
  bannerText:
    "ログイン状態を保つために必須の Cookie を使用しています。同意いただいた場合のみ、言語と配色の記憶、ページビューの計測、" +
    "デモ用広告タグの読み込みを行います。選択するまで、必須以外の Cookie やスクリプトは一切使用しません。",
  acceptAll: "すべて許可",
  rejectAll: "すべて拒否",
  customize: "カスタマイズ",
  policyLink: "Cookie ポリシー",
  gpcHonoured:
    "ブラウザーから Global Privacy Control（GPC）信号を受け取ったため、ここでの選択にかかわらず分析とマーケティングは無効のままです。",
  outdated: "前回の選択以降に Cookie ポリシーが変更されました。もう一度お選びください。",
  dialogTitle: "Cookie の設定",
  dialogIntro:
    "このサイトが使用してよい Cookie とスクリプトの種類を選択してください。各ページ下部の「Cookie 設定」からいつでも変更できます。",
  save: "選択を保存",
  close: "閉じる",
  alwaysOn: "常に有効",
  offByGpc: "無効（GPC）",
  saving: "選択を保存しています…",
  saved: "Cookie の選択を保存しました。",
  saveFailed: "選択を保存できませんでした。接続を確認して、もう一度お試しください。",
  cookieSettings: "Cookie 設定",
  cookiePolicy: "Cookie ポリシー",
  language: "言語",
  theme: "配色",
  light: "ライト",
  dark: "ダーク",
  notRemembered: "機能 Cookie を許可していないため、この選択はタブを閉じるまで有効です。",
  categories: {
    essential: { title: "必須", description: "サイトの動作に必要です（ログインセッションと、この選択の記録）。無効にはできません。" },
    functional: { title: "機能", description: "表示言語と配色を次回の訪問時にも記憶します。" },
    analytics: {
      title: "分析",
      description: "どのページが使われているかを知るため、このサイト独自の統計でページビューを数えます。外部には共有しません。",
    },
    marketing: { title: "マーケティング", description: "広告ネットワークと同様に識別子を設定する、デモ用の広告タグを読み込みます。" },
  },
  table: {
    name: "Cookie 名",
    purpose: "目的",
    lifetime: "保存期間",
    party: "設定元",
    first: "このサイト",
    third: "第三者",
    httpOnly: "スクリプトから非公開",
    yes: "はい",
    no: "いいえ",
  },
  policyTitle: "Cookie ポリシー",
  policyIntro:
    "このサイトが設定しうるすべての Cookie を種類ごとに示します。必須の Cookie は常に設定されます。それ以外は同意があるときだけ設定され、同意を撤回すると削除されます。",
  policyRevision: (revision) => `ポリシー改訂 ${revision}`,
  yourChoices: "現在の選択",
  noDecision: "まだ選択していません。必須の Cookie のみを使用しています。",
  decidedOn: (when) => `${when} に選択`,
};

export const CONSENT_MESSAGES: Record<Lang, ConsentMessages> = { en, ja };
