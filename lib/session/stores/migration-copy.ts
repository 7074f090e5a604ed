import type { PrismaClient } from "../../db/generated/client";

/**
 * Copying rows from the old system of record to the target, exactly: the one way both the migrating
 * store (one session at a time, as it writes) and `npm run sessions:migrate` (in batches) do it, so
 * a row copied twice, by either, is the same row.
 */
type Db = Pick<PrismaClient, "user" | "session" | "spentToken">;

/**
 * Users rows of `ids` into `to` (sessions have a foreign key to them): the ones it lacks, and every
 * one of `overwrite` as it is now in `from` (a password change or a disabled account must reach it).
 */
export async function copyUsers(from: Db, to: Db, ids: string[], overwrite: string[] = []) {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return;
  const present = new Set((await to.user.findMany({ where: { id: { in: wanted } }, select: { id: true } })).map((u) => u.id));
  const fetch = wanted.filter((id) => !present.has(id) || overwrite.includes(id));
  if (fetch.length === 0) return;
  for (const user of await from.user.findMany({ where: { id: { in: fetch } } })) {
    await to.user.upsert({ where: { id: user.id }, create: user, update: user });
  }
}

/**
 * Makes the sessions `ids` in `to` what they are in `from` (upserted, or deleted when `from` has no
 * such session any more, as when a user was deleted), with the spent tokens `spent` of them.
 * Returns the rows copied.
 */
export async function copySessions(from: Db, to: Db, ids: string[], spent: string[] = []) {
  const rows = await from.session.findMany({ where: { id: { in: ids } } });
  await copyUsers(
    from,
    to,
    rows.map((r) => r.userId),
  );
  // new rows in one statement (the bulk of a first copy), the others updated one by one
  const present = new Set(
    (await to.session.findMany({ where: { id: { in: rows.map((r) => r.id) } }, select: { id: true } })).map((r) => r.id),
  );
  await to.session.createMany({ data: rows.filter((r) => !present.has(r.id)) });
  for (const row of rows) if (present.has(row.id)) await to.session.update({ where: { id: row.id }, data: row });
  const gone = ids.filter((id) => !rows.some((r) => r.id === id));
  if (gone.length) await to.session.deleteMany({ where: { id: { in: gone } } });
  if (spent.length) {
    const tokens = await from.spentToken.findMany({ where: { tokenHash: { in: spent } } });
    await to.spentToken.createMany({ data: tokens, skipDuplicates: true });
  }
  return rows;
}
