import "server-only";
import { timingSafeEqual } from "node:crypto";
import { NextResponse } from "next/server";
import { internalCallKey } from "../session/config";
import { INTERNAL_KEY_HEADER } from "../session/server-calls";

/**
 * The internal session routes answer only the middleware, which holds a key derived from the sealing
 * secret. Never a browser: the rotation route returns a fresh seal in its body, which a script on
 * the page must never be able to read (it would defeat HttpOnly).
 */
export async function refuseUnlessInternal(request: Request): Promise<NextResponse | null> {
  const given = Buffer.from(request.headers.get(INTERNAL_KEY_HEADER) ?? "");
  const expected = Buffer.from(await internalCallKey());
  if (given.length === expected.length && timingSafeEqual(given, expected)) return null;
  return NextResponse.json({ error: "forbidden", message: "Internal endpoint." }, { status: 403 });
}
