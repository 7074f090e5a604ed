/**
 * What every page shares (the header, the footer's notes, the home page, the not-found, error and
 * 503 pages, the demo mailbox). The Japanese table is typed by the English one.
 */
const en = {
  siteName: "Session Lab",
  siteDescription: "A reference implementation of secure session management for Next.js",
  skipToContent: "Skip to content",
  mainNav: "Main",
  account: "Account",
  admin: "Admin",
  signIn: "Sign in",
  signOut: "Sign out",
  demoModeFooter: "Demo mode: the demo accounts are for trying the app only.",
  home: {
    title: "Sessions you can trust",
    intro:
      "Session Lab is a working reference for secure session management in Next.js: sealed, HttpOnly cookies holding a random token whose " +
      "hash lives in PostgreSQL (with a Redis hot copy), checked at the Edge and again on the server, renewed while you work and ended " +
      "everywhere the moment you sign out.",
    goToAccount: "Go to your account",
    policyHeading: "This deployment's policy",
    // around the preset's name, which is set in code as SESSION_POLICY_PRESET takes it
    preset: { before: "(preset “", after: "”)" },
    idleTimeout: "Idle timeout",
    idleHelp: "Signed out after this long without activity.",
    absoluteTimeout: "Absolute timeout",
    absoluteHelp: "Signed out this long after signing in, whatever you do.",
    renewal: "Token renewal",
    renewalHelp: "Your session token is replaced this often while you are active.",
    demoHeading: "Demo accounts",
    demoIntro: "This server runs in demo mode (DEMO_MODE=1): these accounts exist for trying the app only.",
    adminRole: " (admin)",
    demoMailBefore: "The security emails (a new sign-in, a password reset…) go to the ",
    demoMailLink: "demo mailbox",
    demoMailAfter: ".",
  },
  mailbox: {
    title: "Demo mailbox",
    notice:
      "Demo mode: with no SMTP_URL set, the security emails land here instead of in an inbox. Everyone trying this demo sees them; a real " +
      "deployment sends them by SMTP and has no such page.",
    empty: "No email yet. Sign in from another browser, or ask for a password reset, and it appears here.",
    to: (address: string) => `To ${address}`,
  },
  notFound: {
    title: "Page not found",
    text: "There is nothing at this address. It may have moved, or the link may be mistyped.",
    home: "Go to the home page",
  },
  error: {
    title: "Something went wrong",
    text: "This page could not be shown just now. Try again; if it keeps happening, come back in a few minutes.",
    retry: "Try again",
  },
  unavailable: {
    title: "Temporarily unavailable",
    status: "We can't reach our database right now. You are still signed in.",
    retryIn: (seconds: number) => `Please try again in about ${seconds} seconds.`,
    retry: "Try again",
  },
};

export type CommonMessages = typeof en;

const ja: CommonMessages = {
  siteName: "Session Lab",
  siteDescription: "Next.js のための安全なセッション管理のリファレンス実装",
  skipToContent: "本文へ移動",
  mainNav: "メイン",
  account: "アカウント",
  admin: "管理",
  signIn: "ログイン",
  signOut: "ログアウト",
  demoModeFooter: "デモモード：デモ用アカウントはお試し専用です。",
  home: {
    title: "信頼できるセッション管理",
    intro:
      "Session Lab は、Next.js における安全なセッション管理の動くリファレンスです。ランダムなトークンを封緘した HttpOnly Cookie に入れ、" +
      "そのハッシュを PostgreSQL（と Redis のキャッシュ）に保存します。Edge とサーバーの両方で検証し、操作中は更新し、" +
      "ログアウトした瞬間にすべての場所で終了させます。",
    goToAccount: "アカウントへ",
    policyHeading: "このサーバーのセッションポリシー",
    preset: { before: "（プリセット「", after: "」）" },
    idleTimeout: "アイドルタイムアウト",
    idleHelp: "操作がないままこの時間が過ぎると、ログアウトされます。",
    absoluteTimeout: "絶対タイムアウト",
    absoluteHelp: "ログインからこの時間が過ぎると、操作の有無にかかわらずログアウトされます。",
    renewal: "トークンの更新",
    renewalHelp: "操作中は、この間隔でセッショントークンが新しいものに置き換わります。",
    demoHeading: "デモ用アカウント",
    demoIntro: "このサーバーはデモモード（DEMO_MODE=1）で動いています。以下のアカウントはお試し専用です。",
    adminRole: "（管理者）",
    demoMailBefore: "セキュリティ通知のメール（新しいログイン、パスワードの再設定など）は",
    demoMailLink: "デモ用メールボックス",
    demoMailAfter: "に届きます。",
  },
  mailbox: {
    title: "デモ用メールボックス",
    notice:
      "デモモード：SMTP_URL が設定されていないため、セキュリティ通知のメールは受信箱ではなくここに届きます。このデモを使う全員に見えます。" +
      "本番の環境では SMTP で送信され、このページはありません。",
    empty: "まだメールはありません。別のブラウザからログインするか、パスワードの再設定を申し込むと、ここに表示されます。",
    to: (address) => `宛先：${address}`,
  },
  notFound: {
    title: "ページが見つかりません",
    text: "このアドレスにはページがありません。移動したか、リンクが間違っている可能性があります。",
    home: "ホームへ戻る",
  },
  error: {
    title: "問題が発生しました",
    text: "ただいまこのページを表示できませんでした。もう一度お試しください。繰り返し起きる場合は、しばらくしてからアクセスしてください。",
    retry: "もう一度試す",
  },
  unavailable: {
    title: "一時的に利用できません",
    status: "現在、データベースに接続できません。ログイン状態はそのまま保たれています。",
    retryIn: (seconds) => `${seconds}秒ほどしてから、もう一度お試しください。`,
    retry: "もう一度試す",
  },
};

export const common = { en, ja };
