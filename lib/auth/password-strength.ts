import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import { adjacencyGraphs, dictionary as commonWords } from "@zxcvbn-ts/language-common";
import { dictionary as englishWords, translations } from "@zxcvbn-ts/language-en";
import type { Lang } from "../i18n/lang";
import { auth } from "../i18n/messages/auth";

/**
 * New-password strength, by zxcvbn-ts (pattern and dictionary matching, as a cracker guesses) rather
 * than composition rules. Used by the password-change action and, loaded on demand, by the meter
 * under the field, so the two never disagree. No server-only code: it runs in the browser too.
 */
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;
/** zxcvbn's 3: "safely unguessable: moderate protection from offline slow-hash scenario" */
export const MIN_SCORE = 3;

export interface StrengthVerdict {
  /** 0 (too guessable) to 4 (very unguessable) */
  score: number;
  acceptable: boolean;
  /** why it was refused, in a sentence in the language asked for */
  reason?: string;
}

let factory: ZxcvbnFactory | undefined;

export function checkPasswordStrength(password: string, userInputs: string[], lang: Lang): StrengthVerdict {
  const t = auth[lang].strength;
  if (password.length < MIN_PASSWORD_LENGTH) return { score: 0, acceptable: false, reason: t.tooShort(MIN_PASSWORD_LENGTH) };
  if (password.length > MAX_PASSWORD_LENGTH) return { score: 0, acceptable: false, reason: t.tooLong(MAX_PASSWORD_LENGTH) };
  factory ??= new ZxcvbnFactory({ dictionary: { ...commonWords, ...englishWords }, graphs: adjacencyGraphs, translations });
  const result = factory.check(password, userInputs);
  if (result.score >= MIN_SCORE) return { score: result.score, acceptable: true };
  // zxcvbn words its feedback in English only: other languages give their own general advice
  const feedback = lang === "en" ? result.feedback.warning || result.feedback.suggestions[0] : null;
  return { score: result.score, acceptable: false, reason: t.guessable(feedback ? feedback.replace(/\.?$/, ".") : t.easyToGuess) };
}

/** Words from the account a new password must not lean on. */
export const accountWords = (email: string) => [email, ...email.split(/[@._+-]/).filter((part) => part.length > 2), "session", "lab"];
