import { z } from "zod";
import { textKey, type TextKey } from "../i18n/keys";

/**
 * Form fields every sign-in and re-authentication form reads the same way. Their error messages are
 * text keys, translated into the visitor's language by the action that answers (validated-action.ts).
 */
export const passwordField = (missing: TextKey = "shared.enterPassword") =>
  z.string({ error: missing }).min(1, missing).max(1024, textKey("shared.passwordTooLong"));

export const emailField = z
  .string({ error: textKey("shared.enterEmail") })
  .trim()
  .toLowerCase()
  .max(254, textKey("shared.emailTooLong"))
  .pipe(z.email(textKey("shared.enterEmail")));
