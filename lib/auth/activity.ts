import "server-only";
import { getDatabase } from "../db/connection";
import { describeDevice, deviceName, type DeviceWords } from "../session/device";
import type { StoredSession } from "../session/types";

/** A user's audit trail as the account pages show it: newest first, with the device of each event. */
export interface ActivityEvent {
  id: string;
  type: string;
  at: number;
  detail: Record<string, unknown>;
  sessionId: string | null;
  /** the device the event's session was on, or the browser of the request, in the reader's words */
  device: string;
  ipPrefix: string;
}

export const ACTIVITY_PAGE_SIZE = 20;

type EventRow = {
  id: bigint;
  type: string;
  createdAt: Date;
  detail: unknown;
  sessionId: string | null;
  userAgent: string;
  ipPrefix: string;
};

/** The events with their devices, named in the reader's `words` (lib/i18n/messages/account.ts). */
async function withDevices(rows: EventRow[], words: DeviceWords): Promise<ActivityEvent[]> {
  const { prisma } = await getDatabase();
  const ids = [...new Set(rows.map((r) => r.sessionId).filter((id): id is string => Boolean(id)))];
  const sessions = await prisma.session.findMany({
    where: { id: { in: ids } },
    select: { id: true, deviceLabel: true, userAgent: true, ipPrefix: true },
  });
  const byId = new Map(sessions.map((s) => [s.id, s]));
  return rows.map((r) => {
    const s = r.sessionId ? byId.get(r.sessionId) : undefined;
    return {
      id: r.id.toString(),
      type: r.type,
      at: r.createdAt.getTime(),
      detail: r.detail && typeof r.detail === "object" && !Array.isArray(r.detail) ? (r.detail as Record<string, unknown>) : {},
      sessionId: r.sessionId,
      device: s?.deviceLabel ? deviceName(s.deviceLabel, s.userAgent, words) : describeDevice(r.userAgent || s?.userAgent || "", words),
      ipPrefix: r.ipPrefix || s?.ipPrefix || "",
    };
  });
}

/** One page of the trail, older than the event `before` (a cursor, so new events never shift a page). */
export async function activityPage(
  userId: string,
  words: DeviceWords,
  before?: string,
): Promise<{ events: ActivityEvent[]; olderCursor: string | null }> {
  const { prisma } = await getDatabase();
  const cursor = before && /^\d{1,19}$/.test(before) ? BigInt(before) : null;
  const rows = await prisma.auditEvent.findMany({
    where: { userId, ...(cursor !== null ? { id: { lt: cursor } } : {}) },
    orderBy: { id: "desc" },
    take: ACTIVITY_PAGE_SIZE + 1,
  });
  const events = await withDevices(rows.slice(0, ACTIVITY_PAGE_SIZE), words);
  return { events, olderCursor: rows.length > ACTIVITY_PAGE_SIZE ? events.at(-1)!.id : null };
}

/** What the account owner should know about since this session started. */
export interface AccountNotices {
  /** sign-ins on other devices */
  newSignIns: ActivityEvent[];
  /** sessions ended to make room for this one (session limit) */
  evictedForThis: ActivityEvent[];
  /** wrong passwords on the sign-in form */
  failedSignIns: number;
  /** uses of a session from another browser or network */
  suspicious: ActivityEvent[];
}

export async function accountNotices(userId: string, current: StoredSession, words: DeviceWords): Promise<AccountNotices> {
  const { prisma } = await getDatabase();
  const rows = await prisma.auditEvent.findMany({
    where: {
      userId,
      createdAt: { gte: new Date(current.createdAt) },
      type: { in: ["session.created", "session.revoked", "login.failed", "session.suspicious"] },
    },
    orderBy: { id: "desc" },
    take: 100,
  });
  const events = await withDevices(rows, words);
  return {
    newSignIns: events.filter((e) => e.type === "session.created" && e.sessionId !== current.id),
    evictedForThis: events.filter(
      (e) => e.type === "session.revoked" && e.detail.reason === "session-limit" && e.detail.by === `session:${current.id}`,
    ),
    failedSignIns: events.filter((e) => e.type === "login.failed" && (e.detail.purpose ?? "sign-in") === "sign-in").length,
    suspicious: events.filter((e) => e.type === "session.suspicious"),
  };
}
