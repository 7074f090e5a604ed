import { getKeyRing } from "@/lib/mobile/server";

/** The public keys that verify app access tokens, by `kid`; retired keys stay until their tokens have expired. */
export async function GET() {
  return Response.json(await getKeyRing().jwks(), { headers: { "cache-control": "public, max-age=300" } });
}
