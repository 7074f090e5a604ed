import { z } from "zod";
import { MESSAGES } from "../messages";

/** Form fields every sign-in and re-authentication form reads the same way. */
export const passwordField = (missing: string = MESSAGES.enterPassword) =>
  z.string({ error: missing }).min(1, missing).max(1024, MESSAGES.passwordTooLong);

export const emailField = z
  .string({ error: MESSAGES.enterEmail })
  .trim()
  .toLowerCase()
  .max(254, MESSAGES.emailTooLong)
  .pipe(z.email(MESSAGES.enterEmail));
