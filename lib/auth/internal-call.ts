import "server-only";
import { timingSafeEqual } from "node:crypto";
import { NextResponse } from "next/server";
import { normaliseAddress } from "../http/client-address";
import { internalCallKey } from "../session/config";
import { INTERNAL_CLIENT_HEADER, INTERNAL_KEY_HEADER } from "../session/server-calls";
import type { RequestContext } from "../session/types";
import { requestContext } from "./request-context";

/**
 * The internal session routes answer only the middleware, which holds a key derived from the sealing
 * secret. Never a browser: the rotation route returns a fresh seal in its body, which a script on
 * the page must never be able to read (it would defeat HttpOnly).
 * Returns the refusal, or the browser request's context (the middleware forwards its User-Agent and
 * client address, so binding is checked against the browser, not against this call).
 */
export async function internalCaller(request: Request): Promise<{ refused: NextResponse } | { context: RequestContext }> {
  const given = Buffer.from(request.headers.get(INTERNAL_KEY_HEADER) ?? "");
  const expected = Buffer.from(await internalCallKey());
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { refused: NextResponse.json({ error: "forbidden", message: "Internal endpoint." }, { status: 403 }) };
  }
  return { context: requestContext(request.headers, normaliseAddress(request.headers.get(INTERNAL_CLIENT_HEADER))) };
}
