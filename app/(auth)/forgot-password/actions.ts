"use server";

import { headers } from "next/headers";
import { z } from "zod";
import { emailField } from "@/lib/auth/fields";
import { requestPasswordReset } from "@/lib/auth/recovery";
import { clientIp, requestContext } from "@/lib/auth/request-context";
import { validatedAction, type FormState } from "@/lib/auth/validated-action";
import { getMessages } from "@/lib/i18n/server";

export type ForgotState = FormState<"email"> & { done?: string };

/** "Forgot password?": the same answer whether or not the address has an account. */
export const askForReset = validatedAction(
  z.object({ email: emailField }),
  async ({ email }): Promise<ForgotState> => {
    const requestHeaders = await headers();
    const ip = clientIp(requestHeaders);
    const result = await requestPasswordReset(email, ip, requestContext(requestHeaders, ip));
    const t = (await getMessages()).auth.forgot;
    if (result.status === "throttled") return { formError: t.throttled(result.retryAfterSeconds), values: { email } };
    return { done: t.sent(email) };
  },
  ["email"],
);
