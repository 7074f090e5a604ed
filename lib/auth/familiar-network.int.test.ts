import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Database } from "../db/connection";
import { createUsers, deleteUsers, openTestDatabase, TEST_DATABASE_URL } from "../../test/support/databases";

vi.stubEnv("DATABASE_URL", TEST_DATABASE_URL);
const { familiarNetwork } = await import("./credentials");

let db: Database;
let userId: string;
beforeAll(async () => {
  db = await openTestDatabase();
  userId = (await createUsers(db.prisma, 1))[0]!;
  const session = (ipPrefix: string, createdAt: Date) => ({
    id: randomUUID(),
    userId: userId!,
    tokenHash: randomUUID(),
    ipPrefix,
    createdAt,
    lastSeenAt: createdAt,
    rotatedAt: createdAt,
  });
  await db.prisma.session.createMany({
    data: [
      session("192.0.2.0/24", new Date()),
      session("2001:db8:cafe:12::/64", new Date()),
      session("198.51.100.0/24", new Date(Date.now() - 40 * 86_400_000)),
    ],
  });
});
afterAll(async () => {
  await deleteUsers(db.prisma, [userId]);
  await db.close();
  vi.unstubAllEnvs();
});

describe("networks the owner signs in from (never slowed by guessing elsewhere)", () => {
  it("knows an IPv4 /24 and an IPv6 /48 the user signed in from within 30 days", async () => {
    expect(await familiarNetwork(userId, "192.0.2.200")).toBe(true);
    // the phone's provider handed out another /64 of the same /48
    expect(await familiarNetwork(userId, "2001:db8:cafe:99::1")).toBe(true);
  });

  it("does not know other networks, networks of more than 30 days ago, or unreadable addresses", async () => {
    expect(await familiarNetwork(userId, "192.0.3.1")).toBe(false);
    expect(await familiarNetwork(userId, "2001:db8:caff::1")).toBe(false);
    expect(await familiarNetwork(userId, "198.51.100.9")).toBe(false);
    expect(await familiarNetwork(userId, "x")).toBe(false);
  });
});
