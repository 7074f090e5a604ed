import type { LoginReason, Timeouts } from "../../session/reasons";

/**
 * The texts of signing in, the step-up check, getting back into an account (forgot password, reset,
 * "This wasn't me"), the password change and the new-password strength check, in English and
 * Japanese (Japanese typed by the English: a missing key fails the type check).
 */
const en = {
  /** form labels that several of these forms share */
  fields: {
    email: "Email",
    password: "Password",
    currentPassword: "Current password",
    newPassword: "New password",
    newPasswordAgain: "New password, again",
  },
  login: {
    title: "Sign in",
    submit: "Sign in",
    submitting: "Signing in…",
    /** the live region's announcement while the form is sent */
    submittingStatus: "Signing in, please wait.",
    forgotPassword: "Forgot your password?",
    /** after shared.sessionLimit, which it follows */
    sessionLimitAdvice: (limit: string) =>
      `${limit} To sign in here, sign out on one of them, or end one from Account → Devices on a device where you are signed in.`,
    /** the notice for `?reason=` (the timeouts in words) */
    reasons: {
      idle: (t: Timeouts) => `You were signed out after ${t.idle} without activity.`,
      absolute: (t: Timeouts) => `Your session reached its ${t.absolute} limit. Please sign in again.`,
      revoked: () => "Your session was ended. Please sign in again.",
      suspicious: () => "We ended your session because it was used from another browser. Please sign in again.",
      "signed-out": () => "You have signed out.",
    } satisfies Record<LoginReason, (t: Timeouts) => string>,
  },
  /** step-up: the session is used from another browser than it was signed in on */
  verify: {
    title: "Confirm it's you",
    intro:
      "This session is being used from a different browser or device than the one it was signed in on. Enter your password to go on here.",
    /** before the sign-out button */
    notYou: "Not you?",
    submit: "Continue",
    submitting: "Checking…",
    sessionChanged: "Your session changed in the meantime. Sign in again.",
  },
  forgot: {
    title: "Forgot password",
    heading: "Forgot your password?",
    intro: "Enter the email address of your account. We will email you a link to choose a new password; it works once, within 30 minutes.",
    submit: "Email me a link",
    submitting: "Sending…",
    submittingStatus: "Sending, please wait.",
    backToSignIn: "Back to sign in",
    throttled: (seconds: number) => `Too many requests from your network. Try again in ${seconds} s.`,
    /** the same answer whether or not the address has an account */
    sent: (email: string) =>
      `If ${email} has an account here, we have emailed it a link to choose a new password. It works once, within 30 minutes.`,
  },
  reset: {
    title: "Choose a new password",
    /** arriving from "This wasn't me" */
    reported: "That sign-in is signed out. Now choose a new password.",
    /** around the account's email, which is shown in bold */
    forAccount: {
      before: "For ",
      after: ". Setting it signs out every device and app of the account; this browser is signed in with the new password.",
    },
    newPasswordHint: "At least 12 characters; a passphrase of a few unrelated words works well.",
    submit: "Set the new password",
    submitting: "Saving…",
    submittingStatus: "Saving, please wait.",
    askForNewLink: "Ask for a new link",
  },
  notMe: {
    title: "This wasn't me",
    intro:
      "We will sign out the sign-in the email told you about, at once. Then choose a new password, so that whoever signed in cannot do it again.",
    everywhere: "Also sign out every other device and app of my account",
    submit: "Sign out that sign-in",
    submitting: "Signing out…",
    submittingStatus: "Signing out, please wait.",
    /** when the link no longer works: a sentence around a link to /forgot-password */
    worried: { before: "If you are worried about your account, ", link: "choose a new password", after: "." },
  },
  /** the password change (Account → Password) */
  security: {
    title: "Password",
    heading: "Change your password",
    intro: "Every other device and app signed in to your account is signed out. You stay signed in here.",
    /** under the new-password field before anything is typed */
    hint: "At least 12 characters. A few unrelated words make a strong, memorable password.",
    submit: "Change password",
    submitting: "Changing…",
    enterCurrent: "Enter your current password.",
    wrongCurrent: "That is not your current password.",
    sameAsCurrent: "Choose a password different from the current one.",
    othersEnded: (ended: number) => `${ended} other ${ended === 1 ? "session was" : "sessions were"} signed out.`,
    /** `others`: othersEnded or shared.noOtherDevice */
    changed: (others: string) => `Your password is changed. ${others} You stay signed in here.`,
  },
  /** the new-password fields of the reset and change forms */
  newPassword: {
    missing: "Choose a new password.",
    missingAgain: "Enter the new password again.",
    mismatch: "The two new passwords are not the same.",
  },
  /** the strength check (lib/auth/password-strength.ts) and its meter */
  strength: {
    tooShort: (min: number) => `Use at least ${min} characters; a few unrelated words work well.`,
    tooLong: (max: number) => `Use at most ${max} characters.`,
    /** `detail`: why, in a sentence (zxcvbn's feedback, or `easyToGuess`) */
    guessable: (detail: string) => `Too easy to guess: ${detail}`,
    easyToGuess: "This password is easy to guess.",
    meter: "Password strength",
    /** the meter's verdict for zxcvbn's scores 0 to 4 */
    scores: { veryWeak: "Very weak", weak: "Weak", fair: "Fair", strong: "Strong", veryStrong: "Very strong" },
  },
};

export type AuthMessages = typeof en;

const ja: AuthMessages = {
  fields: {
    email: "メールアドレス",
    password: "パスワード",
    currentPassword: "現在のパスワード",
    newPassword: "新しいパスワード",
    newPasswordAgain: "新しいパスワード（確認）",
  },
  login: {
    title: "ログイン",
    submit: "ログイン",
    submitting: "ログインしています…",
    submittingStatus: "ログインしています。しばらくお待ちください。",
    forgotPassword: "パスワードをお忘れですか？",
    sessionLimitAdvice: (limit) =>
      `${limit}ここでログインするには、いずれかの端末でログアウトするか、ログイン中の端末の「アカウント」→「端末」からセッションを1つ終了してください。`,
    reasons: {
      idle: (t) => `操作のない状態が${t.idle}続いたため、ログアウトしました。`,
      absolute: (t) => `セッションが上限の${t.absolute}に達しました。もう一度ログインしてください。`,
      revoked: () => "セッションは終了しました。もう一度ログインしてください。",
      suspicious: () => "別のブラウザから使われたため、セッションを終了しました。もう一度ログインしてください。",
      "signed-out": () => "ログアウトしました。",
    },
  },
  verify: {
    title: "追加の本人確認",
    intro:
      "このセッションは、ログインしたときとは別のブラウザまたは端末から使われています。このまま続けるには、パスワードを入力してください。",
    notYou: "ご本人でない場合は",
    submit: "続ける",
    submitting: "確認しています…",
    sessionChanged: "この間にセッションが変わりました。もう一度ログインしてください。",
  },
  forgot: {
    title: "パスワードの再設定",
    heading: "パスワードをお忘れですか？",
    intro:
      "アカウントのメールアドレスを入力してください。新しいパスワードを設定するためのリンクをメールでお送りします。リンクは30分間、1回だけ有効です。",
    submit: "リンクをメールで受け取る",
    submitting: "送信しています…",
    submittingStatus: "送信しています。しばらくお待ちください。",
    backToSignIn: "ログインに戻る",
    throttled: (seconds) => `お使いのネットワークからのリクエストが多すぎます。${seconds}秒後にもう一度お試しください。`,
    sent: (email) =>
      `${email} のアカウントがある場合は、新しいパスワードを設定するためのリンクをこのアドレスにお送りしました。リンクは30分間、1回だけ有効です。`,
  },
  reset: {
    title: "新しいパスワードの設定",
    reported: "そのログインはログアウトさせました。続けて、新しいパスワードを設定してください。",
    forAccount: {
      before: "アカウント（",
      after:
        "）の新しいパスワードを設定します。設定すると、このアカウントのすべての端末とアプリがログアウトされ、このブラウザは新しいパスワードでログインした状態になります。",
    },
    newPasswordHint: "12文字以上にしてください。無関係な単語をいくつか組み合わせたパスフレーズがおすすめです。",
    submit: "新しいパスワードを設定する",
    submitting: "保存しています…",
    submittingStatus: "保存しています。しばらくお待ちください。",
    askForNewLink: "新しいリンクを依頼する",
  },
  notMe: {
    title: "心当たりのないログイン",
    intro:
      "メールでお知らせしたログインを、直ちにログアウトさせます。続けて新しいパスワードを設定し、ログインした人が再びログインできないようにしてください。",
    everywhere: "アカウントのほかのすべての端末とアプリもログアウトさせる",
    submit: "そのログインをログアウトさせる",
    submitting: "ログアウトさせています…",
    submittingStatus: "ログアウトさせています。しばらくお待ちください。",
    worried: { before: "アカウントのことがご心配な場合は、", link: "新しいパスワードを設定してください", after: "。" },
  },
  security: {
    title: "パスワード",
    heading: "パスワードの変更",
    intro: "アカウントにログインしているほかのすべての端末とアプリはログアウトされます。この端末ではログインしたままです。",
    hint: "12文字以上にしてください。無関係な単語をいくつか組み合わせると、強くて覚えやすいパスワードになります。",
    submit: "パスワードを変更する",
    submitting: "変更しています…",
    enterCurrent: "現在のパスワードを入力してください。",
    wrongCurrent: "現在のパスワードが正しくありません。",
    sameAsCurrent: "現在のものとは別のパスワードを設定してください。",
    othersEnded: (ended) => `ほかのセッション${ended}件をログアウトさせました。`,
    changed: (others) => `パスワードを変更しました。${others}この端末ではログインしたままです。`,
  },
  newPassword: {
    missing: "新しいパスワードを入力してください。",
    missingAgain: "確認のため、新しいパスワードをもう一度入力してください。",
    mismatch: "2つの新しいパスワードが一致しません。",
  },
  strength: {
    tooShort: (min) => `${min}文字以上にしてください。無関係な単語をいくつか組み合わせるのがおすすめです。`,
    tooLong: (max) => `${max}文字以内にしてください。`,
    guessable: (detail) => `推測されやすいパスワードです。${detail}`,
    easyToGuess: "無関係な単語をいくつか組み合わせるなどして、長くしてください。",
    meter: "パスワードの強度",
    scores: { veryWeak: "とても弱い", weak: "弱い", fair: "普通", strong: "強い", veryStrong: "とても強い" },
  },
};

export const auth = { en, ja };
