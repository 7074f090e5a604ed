import type { z } from "zod";
import { messagesFor, negotiateLang } from "../i18n";
import { textOf } from "../i18n/keys";

/**
 * Reads a JSON request body against a zod schema. Every way a body can be wrong (too large, not JSON,
 * wrong shape) becomes a 400 with one JSON error shape, never an exception: route handlers are
 * public endpoints. The size limit holds while reading, whatever Content-Length claims. Messages
 * follow the request's Accept-Language; schemas name theirs by text key ("api.body.passwordRequired").
 */
export type JsonBody<T> = { ok: true; data: T } | { ok: false; response: Response };

export const errorResponse = (status: number, error: string, message: string, headers?: HeadersInit) =>
  Response.json({ error, message }, { status, headers });

const invalid = (message: string) => ({ ok: false as const, response: errorResponse(400, "invalid_request", message) });

export async function readJsonBody<S extends z.ZodType>(request: Request, schema: S, maxBytes: number): Promise<JsonBody<z.output<S>>> {
  const t = messagesFor(negotiateLang(request.headers.get("accept-language")));
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) return invalid(t.api.body.tooLarge(maxBytes));
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(type)) return invalid(t.api.body.notJsonType);
  const text = await readLimited(request, maxBytes);
  if (text === null) return invalid(t.api.body.tooLarge(maxBytes));
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return invalid(t.api.body.notJson);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    // zod's own wording is English only: other languages say the shape is wrong, and where
    const english = t === messagesFor("en");
    const message = (issue && textOf(t, issue.message)) ?? (english ? issue?.message : undefined) ?? t.api.body.wrongShape;
    return invalid(issue?.path.length ? t.api.body.badField(issue.path.join("."), message) : message);
  }
  return { ok: true, data: parsed.data };
}

/** The body as text, or null once it passes maxBytes (reading stops there). */
async function readLimited(request: Request, maxBytes: number): Promise<string | null> {
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return "\u0000not utf-8";
  }
}
