import { getDatabase } from "@/lib/db/connection";
import { authenticateBearer, mobileError } from "@/lib/mobile/server";

/** An example protected API: who the bearer is, and which session, checked live on every call. */
export async function GET(request: Request) {
  const bearer = await authenticateBearer(request);
  if (!bearer.ok) return bearer.response;
  const { prisma } = await getDatabase();
  const user = await prisma.user.findUnique({ where: { id: bearer.session.userId }, select: { id: true, email: true, role: true } });
  if (!user) return mobileError(401, "invalid_token", "The account no longer exists.");
  const s = bearer.session;
  return Response.json(
    {
      user,
      session: { id: s.id, kind: s.kind, deviceName: s.deviceLabel, createdAt: new Date(s.createdAt).toISOString(), lastSeenAt: new Date(s.lastSeenAt).toISOString() },
    },
    { headers: { "cache-control": "no-store" } },
  );
}
