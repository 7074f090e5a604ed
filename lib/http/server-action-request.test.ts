import { describe, expect, it } from "vitest";
import { hasOnlyPlainValues, isWellFormedActionRequest } from "./server-action-request";

const URL_ = "http://app.test/login";
const ACTION = "7fbc8e0e66371b5de7f02685261e68c0a3601f918d";

function form(fields: Record<string, string>, init: { action?: boolean } = {}) {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  return new Request(URL_, { method: "POST", body, headers: init.action ? { "next-action": ACTION } : {} });
}
const text = (body: string) =>
  new Request(URL_, { method: "POST", body, headers: { "next-action": ACTION, "content-type": "text/plain;charset=UTF-8" } });

describe("server action requests (malformed bodies must be a 400, never a 500 from Next's decoder)", () => {
  it("lets through what React sends for a form with JavaScript", async () => {
    expect(await isWellFormedActionRequest(form({ _1_email: "a@b.c", _1_password: "pw", "0": '[{},"$K1"]' }, { action: true }))).toBe(true);
    expect(
      await isWellFormedActionRequest(form({ "0": '[{"formError":"$$ escaped","values":{"email":"x"}},"$K1"]' }, { action: true })),
    ).toBe(true);
  });

  it("lets through what a browser without JavaScript sends", async () => {
    const fields = {
      $ACTION_REF_1: "",
      "$ACTION_1:0": `{"id":"${ACTION}","bound":"$@1"}`,
      "$ACTION_1:1": "[{}]",
      $ACTION_KEY: "k1",
      email: "a@b.c",
    };
    expect(await isWellFormedActionRequest(form(fields))).toBe(true);
  });

  it("ignores requests that are not action calls", async () => {
    expect(await isWellFormedActionRequest(new Request(URL_))).toBe(true);
    expect(
      await isWellFormedActionRequest(
        new Request(URL_, { method: "POST", body: "{bad json", headers: { "content-type": "application/json" } }),
      ),
    ).toBe(true);
  });

  it.each([
    ["an unparseable JSON body", text('{"not":"an array"')],
    ["a JSON body that is not an argument list", text('{"a":1}')],
    ["a chunk reference in the arguments", text('[{},"$1"]')],
    ["a multipart root that is not JSON", form({ "0": "notjson" }, { action: true })],
    ["a multipart call without its root", form({ _1_email: "a@b.c" }, { action: true })],
    ["a map reference", form({ "0": '[{},"$Q1"]' }, { action: true })],
    ["a promise reference", form({ "0": '[{"x":"$@2"},"$K1"]' }, { action: true })],
    ["a server reference", form({ "0": '["$h1"]' }, { action: true })],
    [
      "bound arguments that are not JSON (no JavaScript)",
      form({ "$ACTION_1:0": `{"id":"${ACTION}","bound":"$@1"}`, "$ACTION_1:1": "nope" }),
    ],
    ["an action reference that is not an object (no JavaScript)", form({ "$ACTION_1:0": "[1]" })],
    ["an action reference with a strange bound value (no JavaScript)", form({ "$ACTION_1:0": `{"id":"${ACTION}","bound":"$Q1"}` })],
    [
      "a truncated multipart body",
      new Request(URL_, {
        method: "POST",
        body: '--xx\r\nContent-Disposition: form-data; name="0"\r\n\r\n[',
        headers: { "content-type": "multipart/form-data; boundary=xx", "next-action": ACTION },
      }),
    ],
  ])("refuses %s", async (_name, request) => {
    expect(await isWellFormedActionRequest(request)).toBe(false);
  });

  it("bounds nesting, so a deeply nested body cannot exhaust the stack", () => {
    let deep: unknown = "x";
    for (let i = 0; i < 100; i++) deep = [deep];
    expect(hasOnlyPlainValues(deep)).toBe(false);
    expect(hasOnlyPlainValues([[["$undefined", "$D2026-01-01T00:00:00.000Z", "$NaN", 1, null, true]]])).toBe(true);
  });
});
