import { expect, test } from "./support/fixtures";
import { appSignIn } from "./support/mobile";
import { TEST_METRICS_TOKEN } from "./support/servers";
import { signIn, submitSignIn } from "./support/session";

const scrape = async (request: import("@playwright/test").APIRequestContext) => {
  const response = await request.get("/api/metrics", { headers: { authorization: `Bearer ${TEST_METRICS_TOKEN}` } });
  expect(response.status()).toBe(200);
  return response.text();
};
const value = (text: string, series: string) => {
  const line = text.split("\n").find((l) => l.startsWith(series + " "));
  return line ? Number(line.split(" ").at(-1)) : 0;
};

test.describe("metrics", () => {
  test("refuse scrapers without the bearer token (metrics leak)", async ({ request }) => {
    expect((await request.get("/api/metrics")).status()).toBe(401);
    expect((await request.get("/api/metrics", { headers: { authorization: "Bearer wrong-token" } })).status()).toBe(401);
    expect((await request.get("/api/metrics", { headers: { authorization: `Bearer ${TEST_METRICS_TOKEN}x` } })).status()).toBe(401);
  });

  test("count sessions, validations, failed sign-ins and consent decisions, and name no user, token or address", async ({
    page,
    request,
    user,
  }) => {
    const before = await scrape(request);
    await page.goto("/login");
    await page.getByRole("button", { name: "Reject all" }).click();
    // the consent action re-renders the page: typing before it has settled can be lost with the form
    await expect(page.getByRole("button", { name: "Reject all" })).toBeHidden();
    await submitSignIn(page, user.email, "a wrong password");
    await signIn(page, user);
    await page.goto("/account");
    await appSignIn(request, user);
    const after = await scrape(request);
    for (const name of [
      "sessions_created_total",
      "sessions_ended_total",
      "session_validations_total",
      "session_validation_seconds_bucket",
      "sessions_active",
      "login_failures_total",
      "consent_decisions_total",
      "session_store_reads_total",
    ]) {
      expect(after, name).toContain(name);
    }
    expect(value(after, 'sessions_created_total{kind="browser"}')).toBeGreaterThan(value(before, 'sessions_created_total{kind="browser"}'));
    expect(value(after, 'sessions_created_total{kind="mobile"}')).toBeGreaterThan(value(before, 'sessions_created_total{kind="mobile"}'));
    expect(value(after, 'login_failures_total{purpose="sign-in"}')).toBeGreaterThan(
      value(before, 'login_failures_total{purpose="sign-in"}'),
    );
    expect(value(after, 'session_validations_total{kind="browser",result="ok"}')).toBeGreaterThan(0);
    expect(value(after, 'consent_decisions_total{category="analytics",choice="denied"}')).toBeGreaterThan(0);
    expect(value(after, 'sessions_active{kind="browser"}')).toBeGreaterThan(0);
    expect(after).not.toContain(user.email);
    expect(after).not.toContain("127.0.0.1");
  });
});
