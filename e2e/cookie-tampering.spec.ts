import { expect, test } from "./support/fixtures";
import { sealData } from "iron-session";
import { ALICE, clientWithCookie, sessionCookie, signIn } from "./support/session";

/** Anything but a cookie we sealed reads as "no session": cleared, never a 500 (forgery, tampering, DoS). */
test.describe("tampered and garbage cookies", () => {
  test("a tampered, truncated, oversized, foreign or garbage cookie gives the sign-in page and is cleared", async ({
    page,
    context,
    baseURL,
  }) => {
    await signIn(page, ALICE);
    const real = (await sessionCookie(context)).value;
    const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === "A" ? "B" : "A") + s.slice(i + 1);
    const foreign = await sealData(
      { token: "x".repeat(43), userId: "u", createdAt: Date.now(), lastSeenAt: Date.now(), rotatedAt: Date.now(), elevatedUntil: null },
      { password: "another-secret-another-secret-another-secret" },
    );
    const cases: Record<string, string> = {
      tampered: flip(real, Math.floor(real.length / 2)),
      truncated: real.slice(0, real.length - 10),
      oversized: real + "A".repeat(4200 - real.length),
      foreignSecret: foreign,
      garbage: "%00%ff<script>alert(1)</script>",
      empty: "",
    };
    for (const [name, value] of Object.entries(cases)) {
      const client = await clientWithCookie(baseURL!, value);
      const pageResponse = await client.get("/account");
      expect(pageResponse.status(), name).toBe(303);
      expect(pageResponse.headers().location, name).toContain("/login");
      const api = await client.get("/api/session/status");
      expect(api.status(), name).toBe(200);
      expect(await api.json(), name).toMatchObject({ authenticated: false });
      if (value) expect(pageResponse.headers()["set-cookie"] ?? "", name).toMatch(/^sid=;/);
      await client.dispose();
    }
    // the genuine cookie still works: nothing above touched the real session
    await page.reload();
    await expect(page.getByTestId("account-email")).toHaveText(ALICE.email);
  });

  test("the protected API namespace answers 401 JSON without a valid session, never a page", async ({ baseURL }) => {
    const client = await clientWithCookie(baseURL!, "garbage");
    const response = await client.get("/api/account/anything");
    expect(response.status()).toBe(401);
    expect(await response.json()).toMatchObject({ error: "unauthenticated" });
    await client.dispose();
  });

  test("refuses a page's own call to the internal rotation and expiry endpoints (seal theft by script)", async ({ page, baseURL }) => {
    await signIn(page, ALICE);
    // same origin, real cookie, only the middleware's key missing: a script must never read a fresh seal
    const answers = await page.evaluate(async () =>
      Promise.all(
        ["/api/session/rotate", "/api/session/expire"].map(async (path) => {
          const r = await fetch(path, { method: "POST", headers: { "x-session-internal-key": "guess" } });
          return { status: r.status, body: await r.text() };
        }),
      ),
    );
    for (const answer of answers) {
      expect(answer.status).toBe(403);
      expect(answer.body).not.toContain("seal");
    }
    expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin);
    await page.reload();
    await expect(page.getByTestId("account-email")).toHaveText(ALICE.email);
  });
});
