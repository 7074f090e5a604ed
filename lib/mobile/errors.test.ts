import { describe, expect, it } from "vitest";
import { orUnavailable } from "../db/unavailable";
import { accountDisabled, apiMessages, bearerRefusal, refusal } from "./errors";

const request = (acceptLanguage?: string) =>
  new Request("https://app.test/api/mobile/refresh", {
    method: "POST",
    headers: acceptLanguage ? { "accept-language": acceptLanguage } : {},
  });
const body = (response: Response) => response.json() as Promise<{ error: string; message: string }>;

describe("the app API's messages follow Accept-Language; the error codes do not", () => {
  it("answers a Japanese app in Japanese, with the same code", async () => {
    const ja = apiMessages(request("ja"));
    const reused = refusal("reused", ja);
    expect(reused.status).toBe(401);
    expect(await body(reused)).toEqual({
      error: "token_reused",
      message: "このリフレッシュトークンはすでに使用されています。セッションを終了しましたので、もう一度ログインしてください。",
    });
    const idle = refusal("idle", ja);
    expect(idle.headers.get("www-authenticate")).toBe('Bearer error="invalid_token"');
    expect(await body(idle)).toEqual({ error: "invalid_token", message: "トークンが無効です。もう一度ログインしてください。" });
    expect(await body(bearerRefusal("expired", ja))).toEqual({
      error: "invalid_token",
      message: "アクセストークンの有効期限が切れています。トークンを更新してください。",
    });
    expect((await body(accountDisabled(ja))).error).toBe("account_disabled");
    expect(ja.api.sessionLimit(3)).toMatch(new RegExp(`^${ja.shared.sessionLimit(3)}.+「アカウント → 端末」`));
  });

  it("keeps the English texts as they were, for English, for a language it does not have, and without the header", async () => {
    for (const header of ["en-US,en;q=0.9", "fr-FR", undefined]) {
      const t = apiMessages(request(header));
      expect(await body(refusal("reused", t))).toEqual({
        error: "token_reused",
        message: "This refresh token was already used. The session has been ended; sign in again.",
      });
      const missing = bearerRefusal("missing", t);
      expect(missing.headers.get("www-authenticate")).toBe('Bearer realm="session-lab"');
      expect(await body(missing)).toEqual({ error: "invalid_token", message: "Send the access token as Authorization: Bearer <token>." });
      expect((await body(bearerRefusal("malformed", t))).message).toBe("The access token is not valid.");
      expect(t.api.sessionLimit(3)).toBe(
        "You are signed in on 3 devices, the most this site allows. End one from Account → Devices first.",
      );
    }
  });

  it("respects q-values: Japanese preferred over English", () => {
    expect(apiMessages(request("en;q=0.5, ja")).api.invalidToken).toBe("トークンが無効です。もう一度ログインしてください。");
    expect(apiMessages(request("ja;q=0.4, en-GB;q=0.8")).api.invalidToken).toBe("The token is not valid. Sign in again.");
  });

  it("says the database is unavailable in the request's language", async () => {
    const outage = orUnavailable(async (_request: Request): Promise<Response> => {
      throw Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
    });
    const ja = await outage(request("ja-JP"));
    expect(ja.status).toBe(503);
    expect(await body(ja)).toEqual({
      error: "service_unavailable",
      message: "サービスが一時的に利用できません。数秒後にもう一度お試しください。",
    });
    expect(await body(await outage(request("en-US")))).toEqual({
      error: "service_unavailable",
      message: "The service is briefly unavailable. Please try again in a few seconds.",
    });
  });
});
