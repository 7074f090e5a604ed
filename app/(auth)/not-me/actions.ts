"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { reportNotMe } from "@/lib/auth/recovery";
import { validatedAction, type FormState } from "@/lib/auth/validated-action";
import { getMessages } from "@/lib/i18n/server";

export type NotMeState = FormState<"token">;

/** "This wasn't me": ends that sign-in (or every session), then on to choosing a new password. */
export const reportSignIn = validatedAction(
  z.object({ token: z.string().max(100), everywhere: z.enum(["on"]).optional() }),
  async ({ token, everywhere }): Promise<NotMeState> => {
    const result = await reportNotMe(token, everywhere === "on");
    if (!result) return { formError: (await getMessages()).shared.linkNotWorking };
    redirect(`/reset-password?reported=1&token=${encodeURIComponent(result.resetToken)}`);
  },
);
