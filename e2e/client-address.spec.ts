import { expect, test } from "./support/fixtures";
import { signIn } from "./support/session";

/**
 * Reached directly (TRUST_PROXY_HOPS=0), the address the app acts on is the socket's: the front
 * server replaces whatever X-Forwarded-For a client writes. (Behind nginx: e2e/production.)
 */
test("a client reaching the app directly cannot pick its address with X-Forwarded-For: its guesses are throttled all the same (address spoofing)", async ({
  playwright,
  baseURL,
  user,
}) => {
  const statuses: number[] = [];
  for (let i = 1; i <= 7; i++) {
    const client = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { "x-forwarded-for": `198.51.100.${i}` } });
    const response = await client.post("/api/mobile/token", {
      data: { email: user.email, password: `wrong-${i}`, deviceName: "Spoofing test" },
    });
    statuses.push(response.status());
    await client.dispose();
  }
  expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
});

test("a session records the network it really came from, not the one a header claims (address spoofing)", async ({ browser, user }) => {
  const context = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": "198.51.100.7" } });
  const page = await context.newPage();
  await signIn(page, user);
  await page.goto("/account/devices");
  await expect(page.getByTestId("device").first()).toContainText("127.0.0.x");
  await expect(page.getByTestId("device").first()).not.toContainText("198.51.100");
  await context.close();
});
