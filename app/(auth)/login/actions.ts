"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { after } from "next/server";
import { z } from "zod";
import { getDatabase } from "@/lib/db/connection";
import { verifyPassword } from "@/lib/auth/password";
import { clientIp, requestContext } from "@/lib/auth/request-context";
import { safeNextPath } from "@/lib/auth/safe-redirect";
import { getAuditLog, getSessionService } from "@/lib/auth/services";
import { readSessionCookie, writeSessionCookie } from "@/lib/auth/session-cookie";
import { loginRetryAfter, recordLoginFailure, recordLoginSuccess } from "@/lib/auth/throttle";
import { validatedAction, type FormState } from "@/lib/auth/validated-action";

const signInSchema = z.object({
  email: z
    .string({ error: "Enter a valid email address." })
    .trim()
    .toLowerCase()
    .max(254, "That email address is too long.")
    .pipe(z.email("Enter a valid email address.")),
  password: z.string({ error: "Enter your password." }).min(1, "Enter your password.").max(1024, "That password is too long."),
  next: z.string().max(2048).optional().catch(undefined),
});

export type SignInState = FormState<"email" | "password">;

// One message for unknown account and wrong password, so the form does not reveal which accounts exist.
const INVALID = "Invalid email or password.";

export const signIn = validatedAction(
  signInSchema,
  async ({ email, password, next }): Promise<SignInState> => {
    const requestHeaders = await headers();
    const ip = clientIp(requestHeaders);
    const context = requestContext(requestHeaders);
    const { prisma } = await getDatabase();
    const user = await prisma.user.findUnique({ where: { email }, select: { id: true, passwordHash: true } });
    const audit = await getAuditLog();
    // Failures are recorded against existing accounts only (the trail must not collect typed emails),
    // and after the response is sent, so the extra write cannot reveal through timing that one exists.
    const note = (type: "login.failed" | "login.throttled") => {
      if (user) after(() => audit.record({ type, userId: user.id, sessionId: null, ...context, at: Date.now() }));
    };

    const retryAfter = await loginRetryAfter(email, ip);
    if (retryAfter > 0) {
      note("login.throttled");
      return { formError: `Too many failed attempts. Try again in ${retryAfter} s.`, values: { email } };
    }
    // verifyPassword hashes against a dummy when the user is unknown: equal timing either way
    if (!(await verifyPassword(user?.passwordHash ?? null, password))) {
      await recordLoginFailure(email, ip);
      note("login.failed");
      return { formError: INVALID, values: { email } };
    }
    await recordLoginSuccess(email, ip);
    const presented = await readSessionCookie();
    const service = await getSessionService();
    const { token, session } = await service.createSession(user!.id, context, {
      presentedToken: presented?.token,
    });
    await writeSessionCookie({
      token,
      userId: session.userId,
      createdAt: session.createdAt,
      lastSeenAt: session.lastSeenAt,
      rotatedAt: session.rotatedAt,
      elevatedUntil: null,
    });
    redirect(safeNextPath(next));
  },
  ["email"],
);
