import { expect, test } from "./support/fixtures";
import { ALICE, signIn } from "./support/session";

test.describe("security headers", () => {
  test("every page carries a fresh CSP nonce and framing, sniffing and referrer protections", async ({ request }) => {
    const first = await request.get("/");
    const second = await request.get("/login");
    for (const response of [first, second]) {
      const h = response.headers();
      expect(h["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
      expect(h["content-security-policy"]).toContain("frame-ancestors 'none'");
      expect(h["x-content-type-options"]).toBe("nosniff");
      expect(h["referrer-policy"]).toBe("strict-origin-when-cross-origin");
      expect(h["permissions-policy"]).toContain("camera=()");
      expect(h["x-powered-by"]).toBeUndefined();
    }
    const nonce = (r: typeof first) => /'nonce-([^']+)'/.exec(r.headers()["content-security-policy"]!)![1];
    expect(nonce(first)).not.toBe(nonce(second));
  });

  test("the app runs under its CSP with no violation (scripts carry the nonce)", async ({ page }) => {
    const violations: string[] = [];
    page.on("console", (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    await signIn(page, ALICE);
    await expect(page.getByTestId("idle-remaining")).not.toHaveText("…"); // hydrated: client scripts ran
    expect(violations).toEqual([]);
  });

  test("authenticated responses are never cached (shared or back/forward cache leaks)", async ({ page }) => {
    await signIn(page, ALICE);
    const response = await page.goto("/account");
    expect(response!.headers()["cache-control"]).toContain("no-store");
  });

  test("refuses a cross-site POST before it reaches a handler (CSRF)", async ({ page, baseURL }) => {
    await signIn(page, ALICE);
    const forged = await page.request.post("/api/auth/logout", { headers: { origin: "https://evil.example" }, maxRedirects: 0 });
    expect(forged.status()).toBe(403);
    await page.reload();
    await expect(page.getByTestId("account-email")).toHaveText(ALICE.email);
    expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin);
  });

  test("every response carries its own request id, the key to its log lines (incident tracing)", async ({ request }) => {
    const [a, b] = await Promise.all([request.get("/"), request.get("/api/health")]);
    const id = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect(a.headers()["x-request-id"]).toMatch(id);
    expect(b.headers()["x-request-id"]).toMatch(id);
    expect(a.headers()["x-request-id"]).not.toBe(b.headers()["x-request-id"]);
  });
});
