import "server-only";
import { randomBytes } from "node:crypto";
import { cookies, headers } from "next/headers";
import { getDatabase } from "../db/connection";
import { recordDeviceSignIn } from "../notify/known-devices";
import { isSecureTransport } from "../session/transport";
import { serverKeys } from "./services";

/**
 * The device cookie: a random id this browser keeps (essential: it lets the owner be told of a
 * sign-in from a browser new to the account), set at sign-in. It proves nothing by itself and signs
 * nobody in; its only effect is that a sign-in without it sends the "new sign-in" email.
 */
const MAX_AGE_SECONDS = 400 * 86_400;

async function cookieName() {
  return isSecureTransport(new URL("http://server.invalid"), await headers()) ? "__Host-device" : "device";
}

/** At sign-in: whether this browser is new to the account; gives it a device id if it has none. */
export async function recognizeBrowser(userId: string): Promise<{ newDevice: boolean }> {
  const name = await cookieName();
  const jar = await cookies();
  const presented = jar.get(name)?.value;
  const deviceId = presented && /^[\w-]{43}$/.test(presented) ? presented : randomBytes(32).toString("base64url");
  const { prisma } = await getDatabase();
  // a browser without the cookie gets an id now, recorded at once: its next sign-in is a repeat
  const known = await recordDeviceSignIn(
    prisma,
    serverKeys("known-device").map((k) => k.key),
    userId,
    deviceId,
  );
  jar.set(name, deviceId, {
    httpOnly: true,
    sameSite: "lax",
    secure: name.startsWith("__Host-"),
    path: "/",
    maxAge: MAX_AGE_SECONDS,
  });
  return known;
}
