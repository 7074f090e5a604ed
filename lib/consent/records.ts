import "server-only";
import { createHmac } from "node:crypto";
import { getDatabase } from "../db/connection";
import { serverKey } from "../auth/services";
import type { ConsentChoices } from "./state";

/** Proof of consent (the consent_records table): who decided what, for which revision, when. */
export type ConsentSource = "banner" | "preferences" | "sign-in";

export interface ConsentDecision {
  consentId: string;
  userId: string | null;
  revision: number;
  choices: ConsentChoices;
  gpc: boolean;
  source: ConsentSource;
  ip: string;
  userAgent: string;
}

// keyed, so a leaked table cannot be reversed by hashing every IPv4 address
const proofHash = (value: string) => createHmac("sha256", serverKey("consent-proof")).update(value).digest("hex");

export async function recordConsent(d: ConsentDecision): Promise<Date> {
  const { prisma } = await getDatabase();
  const row = await prisma.consentRecord.create({
    data: {
      consentId: d.consentId,
      userId: d.userId,
      revision: d.revision,
      ...d.choices,
      gpc: d.gpc,
      source: d.source,
      ipHash: proofHash(d.ip),
      userAgentHash: proofHash(d.userAgent),
    },
    select: { createdAt: true },
  });
  return row.createdAt;
}

export interface UserConsent {
  choices: ConsentChoices;
  revision: number;
  decidedAt: number;
}

/** A user's newest decision for this revision, to apply on a browser they sign in on. */
export async function latestUserConsent(userId: string, revision: number): Promise<UserConsent | null> {
  const { prisma } = await getDatabase();
  const row = await prisma.consentRecord.findFirst({
    where: { userId, revision },
    orderBy: { createdAt: "desc" },
    select: { functional: true, analytics: true, marketing: true, revision: true, createdAt: true },
  });
  if (!row) return null;
  const { functional, analytics, marketing } = row;
  return { choices: { functional, analytics, marketing }, revision: row.revision, decidedAt: row.createdAt.getTime() };
}
