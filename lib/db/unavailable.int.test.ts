import { createServer, type Socket } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "./connection";
import { isDatabaseUnavailable, orUnavailable } from "./unavailable";
import { freePort } from "../../test/support/redis-servers";
import { openTestDatabase } from "../../test/support/databases";

/** Real failures from node-postgres and Prisma, told apart from bugs (which must stay 500s). */
const opened: Database[] = [];
afterAll(async () => {
  await Promise.all(opened.map((db) => db.close().catch(() => {})));
});

async function unreachable(): Promise<Database> {
  const db = await openDatabase(`postgresql://postgres@127.0.0.1:${await freePort()}/nowhere`);
  opened.push(db);
  return db;
}

describe("isDatabaseUnavailable", () => {
  it("recognises a refused connection, from node-postgres and from Prisma (database down)", async () => {
    const db = await unreachable();
    const fromPool = await db.pool.query("SELECT 1").catch((e: unknown) => e);
    const fromPrisma = await db.prisma.user.findFirst().catch((e: unknown) => e);
    expect(isDatabaseUnavailable(fromPool)).toBe(true);
    expect(isDatabaseUnavailable(fromPrisma)).toBe(true);
  });

  it("recognises a server that drops the connection mid-query (database killed)", async () => {
    const sockets: Socket[] = [];
    // accepts, then hangs up at once: what a crashing or restarting server looks like to the client
    const server = createServer((socket) => {
      sockets.push(socket);
      socket.destroy();
    });
    const port = await freePort();
    await new Promise<void>((r) => server.listen(port, "127.0.0.1", r));
    try {
      const db = await openDatabase(`postgresql://postgres@127.0.0.1:${port}/gone`);
      opened.push(db);
      const error = await db.prisma.user.findFirst().catch((e: unknown) => e);
      expect(isDatabaseUnavailable(error)).toBe(true);
    } finally {
      server.close();
    }
  });

  it("does not excuse real bugs: a constraint violation or a plain error stays an error", async () => {
    const db = await openTestDatabase();
    opened.push(db);
    const email = `dup-${Date.now()}@test.invalid`;
    await db.prisma.user.create({ data: { email, passwordHash: "x" } });
    const duplicate = await db.prisma.user.create({ data: { email, passwordHash: "x" } }).catch((e: unknown) => e);
    await db.prisma.user.delete({ where: { email } });
    expect(isDatabaseUnavailable(duplicate)).toBe(false);
    expect(isDatabaseUnavailable(new TypeError("x is undefined"))).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
  });

  it("turns an outage in a route handler into 503 JSON with Retry-After, and rethrows anything else", async () => {
    const db = await unreachable();
    const route = orUnavailable(async () => Response.json(await db.prisma.user.count()));
    const response = await route();
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("5");
    expect(await response.json()).toEqual({ error: "service_unavailable", message: expect.stringContaining("try again in a few seconds") });
    await expect(orUnavailable(async () => Promise.reject(new TypeError("bug")))()).rejects.toThrow("bug");
  });
});
