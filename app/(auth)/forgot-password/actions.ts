"use server";

import { headers } from "next/headers";
import { z } from "zod";
import { emailField } from "@/lib/auth/fields";
import { requestPasswordReset } from "@/lib/auth/recovery";
import { clientIp, requestContext } from "@/lib/auth/request-context";
import { validatedAction, type FormState } from "@/lib/auth/validated-action";

export type ForgotState = FormState<"email"> & { done?: string };

/** "Forgot password?": the same answer whether or not the address has an account. */
export const askForReset = validatedAction(
  z.object({ email: emailField }),
  async ({ email }): Promise<ForgotState> => {
    const requestHeaders = await headers();
    const ip = clientIp(requestHeaders);
    const result = await requestPasswordReset(email, ip, requestContext(requestHeaders, ip));
    if (result.status === "throttled")
      return { formError: `Too many requests from your network. Try again in ${result.retryAfterSeconds} s.`, values: { email } };
    return {
      done: `If ${email} has an account here, we have emailed it a link to choose a new password. It works once, within 30 minutes.`,
    };
  },
  ["email"],
);
