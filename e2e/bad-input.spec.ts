import type { APIRequestContext } from "@playwright/test";
import { expect, test } from "./support/fixtures";
import { ALICE } from "./support/session";

/**
 * The sign-in action's id and the no-JavaScript form fields, as the login page renders them (the
 * page has other action forms, such as the consent banner's: take the one with the email field).
 */
async function signInAction(request: APIRequestContext) {
  const html = await (await request.get("/login")).text();
  const form = html.split("<form").find((f) => f.includes('name="email"')) ?? "";
  const [, n, rawRef] = /name="\$ACTION_(\d+):0" value="([^"]+)"/.exec(form) ?? [];
  const ref = rawRef?.replaceAll("&quot;", '"');
  const key = /name="\$ACTION_KEY" value="([^"]+)"/.exec(form)?.[1];
  if (!n || !ref || !key) throw new Error("no server action on /login");
  return { id: (JSON.parse(ref) as { id: string }).id, ref, key, fields: (i: number) => `$ACTION_${n}:${i}`, refField: `$ACTION_REF_${n}` };
}

test.describe("malformed input", () => {
  test("answers crafted server-action calls with 400 or a form error, never a 500 (malformed input)", async ({ request, baseURL }) => {
    const { id, ref, fields, refField } = await signInAction(request);
    const headers = { origin: baseURL!, "next-action": id };
    const crafted = [
      request.post("/login", { headers: { ...headers, "content-type": "text/plain;charset=UTF-8" }, data: '{"not":"an array"' }),
      request.post("/login", { headers: { ...headers, "content-type": "text/plain;charset=UTF-8" }, data: "[null,null]" }),
      request.post("/login", { headers, multipart: { "0": "notjson" } }),
      request.post("/login", { headers, multipart: { "0": '[{},"$Q1"]' } }),
      request.post("/login", { headers, multipart: { "0": '[{},"$K1"]', _1_email: "not an email", _1_password: "x".repeat(5_000) } }),
      request.post("/login", { headers: { origin: baseURL! }, multipart: { [refField]: "", [fields(0)]: ref, [fields(1)]: "nope" } }),
    ];
    const statuses = await Promise.all(crafted.map(async (r) => (await r).status()));
    expect(statuses).toEqual([400, 200, 400, 400, 200, 400]);
    const answer = await (await crafted[1]!).text();
    expect(answer).toContain("The form could not be read");
  });

  test("a sign-in form post with missing fields explains itself, and the right one signs in (no JavaScript needed)", async ({
    request,
    baseURL,
  }) => {
    const { ref, key, fields, refField } = await signInAction(request);
    const form = { [refField]: "", [fields(0)]: ref, [fields(1)]: "[{}]", $ACTION_KEY: key };
    const empty = await request.post("/login", { headers: { origin: baseURL! }, multipart: form, maxRedirects: 0 });
    expect(empty.status()).toBe(200);
    expect(await empty.text()).toContain("Enter a valid email address.");
    const ok = await request.post("/login", {
      headers: { origin: baseURL! },
      multipart: { ...form, email: ALICE.email, password: ALICE.password },
      maxRedirects: 0,
    });
    expect(ok.status()).toBe(303);
    expect(ok.headers().location).toMatch(/\/account$/);
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("signs in and out with scripts disabled (progressive enhancement)", async ({ page }) => {
    await page.goto("/account");
    await page.getByLabel("Email").fill(ALICE.email);
    await page.getByLabel("Password").fill(ALICE.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByTestId("account-email")).toHaveText(ALICE.email);
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/reason=signed-out/);
  });
});
