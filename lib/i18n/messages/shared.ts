/**
 * Texts that more than one page, action or route says (form errors among them), each once. The
 * Japanese table is typed by the English one, so a key missing from either fails the type check.
 */
const en = {
  invalidCredentials: "Invalid email or password.",
  throttled: (seconds: number) => `Too many failed attempts. Try again in ${seconds} s.`,
  accountDisabled: "This account is disabled. Contact your administrator to have it enabled again.",
  wrongPassword: "That password is not right.",
  enterPassword: "Enter your password.",
  passwordTooLong: "That password is too long.",
  enterEmail: "Enter a valid email address.",
  emailTooLong: "That email address is too long.",
  formUnreadable: "The form could not be read. Reload the page and try again.",
  sessionChanged: "Your session changed in the meantime. Reload the page and try again.",
  accountNotFound: "That account could not be found.",
  noOtherDevice: "No other device was signed in.",
  /** an emailed link (password reset, "This wasn't me") that is used, expired or unknown */
  linkNotWorking: "This link has already been used or has expired.",
  /** the session limit, at sign-in (browser) and app sign-in */
  sessionLimit: (live: number) => `You are signed in on ${live} devices, the most this site allows.`,
  /** the database cannot be reached */
  unavailable: "The service is briefly unavailable. Please try again in a few seconds.",
  /** a field whose value the form does not accept, with no more specific message */
  invalidField: "This value is not accepted.",
  /** a write from another site (CSRF) */
  crossSite: "Cross-site requests are not accepted.",
};

export type SharedMessages = typeof en;

const ja: SharedMessages = {
  invalidCredentials: "メールアドレスまたはパスワードが正しくありません。",
  throttled: (seconds) => `ログインの失敗が続いたため、一時的に制限しています。${seconds}秒後にもう一度お試しください。`,
  accountDisabled: "このアカウントは無効になっています。有効に戻すには管理者にお問い合わせください。",
  wrongPassword: "パスワードが正しくありません。",
  enterPassword: "パスワードを入力してください。",
  passwordTooLong: "パスワードが長すぎます。",
  enterEmail: "有効なメールアドレスを入力してください。",
  emailTooLong: "メールアドレスが長すぎます。",
  formUnreadable: "フォームの内容を読み取れませんでした。ページを再読み込みして、もう一度お試しください。",
  sessionChanged: "この間にセッションが変わりました。ページを再読み込みして、もう一度お試しください。",
  accountNotFound: "そのアカウントは見つかりませんでした。",
  noOtherDevice: "ほかにログイン中の端末はありませんでした。",
  linkNotWorking: "このリンクは使用済みか、有効期限が切れています。",
  sessionLimit: (live) => `すでに ${live}台の端末でログインしており、これがこのサイトの上限です。`,
  unavailable: "サービスが一時的に利用できません。数秒後にもう一度お試しください。",
  invalidField: "この値は受け付けられません。",
  crossSite: "ほかのサイトからのリクエストは受け付けていません。",
};

export const shared = { en, ja };

/** Keys of the texts a form schema may name as its error (translated when the action answers). */
export type SharedKey = { [K in keyof SharedMessages]: SharedMessages[K] extends string ? K : never }[keyof SharedMessages];
