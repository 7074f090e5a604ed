/**
 * The user-facing texts that more than one page, action or route says, each once. (Texts used in
 * one place stay there, next to what they explain.)
 */
export const MESSAGES = {
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
} as const;
