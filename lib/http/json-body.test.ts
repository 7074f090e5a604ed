import { describe, expect, it } from "vitest";
import { z } from "zod";
import { textKey } from "../i18n/keys";
import { readJsonBody } from "./json-body";

const schema = z.object({ name: z.string().max(10) });
const post = (body: BodyInit | null, headers: Record<string, string> = { "content-type": "application/json" }) =>
  new Request("http://app.test/api", { method: "POST", body, headers });

describe("readJsonBody", () => {
  it("returns the parsed body", async () => {
    expect(await readJsonBody(post(JSON.stringify({ name: "ok" })), schema, 100)).toEqual({ ok: true, data: { name: "ok" } });
  });

  it.each([
    ["not JSON", post("{nope"), /not valid JSON/],
    ["the wrong type", post(JSON.stringify({ name: 5 })), /name:/],
    ["a missing field", post("{}"), /name:/],
    ["JSON null", post("null"), /.+/],
    ["another content type", post("name=x", { "content-type": "application/x-www-form-urlencoded" }), /application\/json/],
    [
      "a declared size over the limit",
      post(JSON.stringify({ name: "x" }), { "content-type": "application/json", "content-length": "1000" }),
      /larger/,
    ],
    ["a body over the limit, whatever it declares", post(JSON.stringify({ name: "x".repeat(200) })), /larger/],
    ["bytes that are not UTF-8", post(new Uint8Array([0x7b, 0xff, 0x7d])), /not valid JSON/],
  ])("answers 400 invalid_request for %s", async (_, request, message) => {
    const result = await readJsonBody(request, schema, 100);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.response.status).toBe(400);
    const body = await result.response.json();
    expect(body.error).toBe("invalid_request");
    expect(body.message).toMatch(message);
  });
});

describe("readJsonBody in the request's language", () => {
  const schema = z.object({ password: z.string().min(1, textKey("api.body.passwordRequired")) });
  const ask = (body: string, lang: string, type = "application/json") =>
    readJsonBody(
      new Request("http://app.test/api", { method: "POST", body, headers: { "content-type": type, "accept-language": lang } }),
      schema,
      64,
    );

  it.each([
    ["{nope", "ja", "リクエストの本文が正しい JSON ではありません。"],
    ['{"password":""}', "ja", "password：password を指定してください"],
    ["{}", "ja", "password：リクエストの本文の形式が正しくありません。"],
    ['{"password":""}', "en-US", "password: password is required"],
    ["x".repeat(100), "ja", "リクエストの本文が64バイトを超えています。"],
  ])("%s (%s) → %s", async (body, lang, message) => {
    const result = await ask(body, lang);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(await result.response.json()).toEqual({ error: "invalid_request", message });
  });
});
