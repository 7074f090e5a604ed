import { createHmac } from "node:crypto";
import type { PrismaClient } from "../db/generated/client";

/**
 * The browsers and apps that signed in to an account, by a keyed hash of their device id (the
 * device cookie, or the id an app sends): a sign-in from one not seen for 90 days is "new" and its
 * owner is emailed. Hashed under every configured secret, so a secret rotation does not make every
 * device look new; recorded under the newest.
 */
export const KNOWN_DEVICE_WINDOW_MS = 90 * 86_400_000;

const hashUnder = (key: Uint8Array, deviceId: string) => createHmac("sha256", key).update(deviceId).digest("base64url");

/** Records a sign-in from `deviceId` and says whether the device was new to the account. */
export async function recordDeviceSignIn(
  db: PrismaClient,
  keys: Uint8Array[],
  userId: string,
  deviceId: string,
  now = Date.now(),
): Promise<{ newDevice: boolean }> {
  const hashes = keys.map((k) => hashUnder(k, deviceId));
  const seen = await db.knownDevice.findFirst({
    where: { userId, deviceHash: { in: hashes }, lastSignInAt: { gt: new Date(now - KNOWN_DEVICE_WINDOW_MS) } },
    select: { deviceHash: true },
  });
  await db.knownDevice.upsert({
    where: { userId_deviceHash: { userId, deviceHash: hashes[0]! } },
    create: { userId, deviceHash: hashes[0]!, lastSignInAt: new Date(now) },
    update: { lastSignInAt: new Date(now) },
  });
  return { newDevice: seen === null };
}

/** Devices not seen for longer than the window are forgotten (the sweep). */
export async function sweepKnownDevices(db: PrismaClient, now = Date.now()) {
  return (await db.knownDevice.deleteMany({ where: { lastSignInAt: { lt: new Date(now - KNOWN_DEVICE_WINDOW_MS) } } })).count;
}
