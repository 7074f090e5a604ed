import { shared } from "./shared";

/**
 * The `message` texts of the JSON APIs (the app API, sign-out), in the language of the request's
 * Accept-Language; the `error` codes beside them never change. The Japanese table is typed by the
 * English one, so a key missing from either fails the type check.
 */
const en = {
  tokenReused: "This refresh token was already used. The session has been ended; sign in again.",
  invalidToken: "The token is not valid. Sign in again.",
  bearerMissing: "Send the access token as Authorization: Bearer <token>.",
  accessTokenExpired: "The access token has expired. Refresh it.",
  accessTokenInvalid: "The access token is not valid.",
  sessionLimit: (live: number) => `${shared.en.sessionLimit(live)} End one from Account → Devices first.`,
  signOutWithPost: "Sign out with a POST request.",
  /** a JSON body that cannot be read (lib/http/json-body.ts) */
  body: {
    tooLarge: (maxBytes: number) => `The request body is larger than ${maxBytes} bytes.`,
    notJsonType: "Send the request body as application/json.",
    notJson: "The request body is not valid JSON.",
    wrongShape: "The request body has the wrong shape.",
    /** a field the schema refused, named as the body names it */
    badField: (field: string, message: string) => `${field}: ${message}`,
    emailInvalid: "email must be an email address",
    passwordRequired: "password is required",
    deviceNameRequired: "deviceName is required",
    refreshTokenRequired: "refreshToken is required",
  },
};

export type ApiMessages = typeof en;

const ja: ApiMessages = {
  tokenReused: "このリフレッシュトークンはすでに使用されています。セッションを終了しましたので、もう一度ログインしてください。",
  invalidToken: "トークンが無効です。もう一度ログインしてください。",
  bearerMissing: "アクセストークンを Authorization: Bearer <token> の形式で送信してください。",
  accessTokenExpired: "アクセストークンの有効期限が切れています。トークンを更新してください。",
  accessTokenInvalid: "アクセストークンが無効です。",
  sessionLimit: (live) => `${shared.ja.sessionLimit(live)}先に「アカウント → 端末」から、いずれかの端末をログアウトさせてください。`,
  signOutWithPost: "ログアウトは POST リクエストで行ってください。",
  body: {
    tooLarge: (maxBytes) => `リクエストの本文が${maxBytes}バイトを超えています。`,
    notJsonType: "リクエストの本文は application/json で送信してください。",
    notJson: "リクエストの本文が正しい JSON ではありません。",
    wrongShape: "リクエストの本文の形式が正しくありません。",
    badField: (field, message) => `${field}：${message}`,
    emailInvalid: "email にはメールアドレスを指定してください",
    passwordRequired: "password を指定してください",
    deviceNameRequired: "deviceName を指定してください",
    refreshTokenRequired: "refreshToken を指定してください",
  },
};

export const api = { en, ja };
