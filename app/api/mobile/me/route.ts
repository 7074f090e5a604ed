import { authenticateBearer } from "@/lib/mobile/server";
import { orUnavailable } from "@/lib/db/unavailable";

/** An example protected API: who the bearer is, and which session, checked live on every call. */
export const GET = orUnavailable(async (request: Request) => {
  const bearer = await authenticateBearer(request);
  if (!bearer.ok) return bearer.response;
  const { user, session: s } = bearer;
  return Response.json(
    {
      user,
      session: {
        id: s.id,
        kind: s.kind,
        deviceName: s.deviceLabel,
        createdAt: new Date(s.createdAt).toISOString(),
        lastSeenAt: new Date(s.lastSeenAt).toISOString(),
      },
    },
    { headers: { "cache-control": "no-store" } },
  );
});
