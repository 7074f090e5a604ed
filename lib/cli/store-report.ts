import type { PrismaClient, Session } from "../db/generated/client";
import { COPY_TABLES, MUST_MATCH } from "./store-copy";

/**
 * The consistency report that ends `npm run sessions:migrate`: every table's count in both
 * databases, and every session live in either compared on what decides whether its holder is signed
 * in (token hash, the token it replaced, rotation time, revocation). The app may be writing while
 * this runs, so a difference is read again before it counts: a write is mirrored within
 * milliseconds. Problems are sentences naming sessions by id, never a token hash.
 */
export interface Report {
  counts: { table: string; old: number; target: number; judged: boolean }[];
  problems: string[];
}

const COMPARED = ["tokenHash", "previousTokenHash", "rotatedAt", "revokedAt", "revokedReason"] as const;
const BATCH = 1_000;
const RECHECK_MS = 300;

const pause = () => new Promise((resolve) => setTimeout(resolve, RECHECK_MS));
const same = (a: unknown, b: unknown) => (a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b);

function differences(a: Session | undefined, b: Session | undefined): string[] {
  if (!a || !b) return [a ? "missing in the target" : "missing in the old database"];
  return COMPARED.filter((field) => !same(a[field], b[field]));
}

/** Ids of the sessions live in `db`, a batch after `cursor`. */
const liveIds = async (db: PrismaClient, cursor: string | null) =>
  (
    await db.session.findMany({
      where: { revokedAt: null, ...(cursor ? { id: { gt: cursor } } : {}) },
      orderBy: { id: "asc" },
      take: BATCH,
      select: { id: true },
    })
  ).map((s) => s.id);

async function compareSessions(old: PrismaClient, target: PrismaClient, ids: string[]): Promise<Map<string, string[]>> {
  const rows = async (db: PrismaClient) => new Map((await db.session.findMany({ where: { id: { in: ids } } })).map((s) => [s.id, s]));
  const [a, b] = await Promise.all([rows(old), rows(target)]);
  const found = new Map<string, string[]>();
  for (const id of ids) {
    const fields = differences(a.get(id), b.get(id));
    if (fields.length) found.set(id, fields);
  }
  return found;
}

/** Sessions live in either database whose copies differ (each difference read again once). */
async function sessionProblems(old: PrismaClient, target: PrismaClient): Promise<string[]> {
  const problems: string[] = [];
  const checked = new Set<string>();
  for (const db of [old, target]) {
    for (let cursor: string | null = null; ;) {
      const batch = await liveIds(db, cursor);
      if (batch.length === 0) break;
      cursor = batch.at(-1)!;
      const ids = batch.filter((id) => !checked.has(id));
      for (const id of ids) checked.add(id);
      if (ids.length === 0) continue;
      let found = await compareSessions(old, target, ids);
      if (found.size) {
        await pause();
        found = await compareSessions(old, target, [...found.keys()]);
      }
      for (const [id, fields] of found)
        problems.push(`session ${id}: ${fields.join(", ")} ${fields[0]!.startsWith("missing") ? "" : "differ"}`.trim());
    }
  }
  return problems;
}

export async function consistencyReport(old: PrismaClient, target: PrismaClient, { sessions = true } = {}): Promise<Report> {
  const counts: Report["counts"] = [];
  const problems: string[] = [];
  for (const table of COPY_TABLES) {
    const judged = MUST_MATCH.has(table.name) && (sessions || !["sessions", "spent_tokens"].includes(table.name));
    let [a, b] = await Promise.all([table.count(old), table.count(target)]);
    if (judged && a !== b) {
      await pause();
      [a, b] = await Promise.all([table.count(old), table.count(target)]);
    }
    counts.push({ table: table.name, old: a, target: b, judged });
    if (judged && a !== b) problems.push(`${table.name}: ${a} in the old database, ${b} in the target`);
  }
  if (sessions) problems.push(...(await sessionProblems(old, target)));
  return { counts, problems };
}
