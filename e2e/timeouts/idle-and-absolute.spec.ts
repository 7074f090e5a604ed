import { expect, test } from "@playwright/test";
import { ALICE, signIn, sleep } from "../support/session";

// This server runs with idle 5 s, absolute 14 s, renewal 3 s, grace 2 s (e2e/support/servers.ts).
test.describe("timeouts", () => {
  test("ends a session left idle past the idle timeout (unattended browser)", async ({ page }) => {
    await signIn(page, ALICE);
    await sleep(6_000);
    await page.goto("/account");
    await expect(page).toHaveURL(/\/login\?next=%2Faccount&reason=idle/);
    await expect(page.getByRole("status")).toHaveText("You were signed out after 5s without activity.");
  });

  test("status polling does not count as activity, so a polling tab cannot keep a session alive", async ({ page }) => {
    await signIn(page, ALICE);
    const answers: unknown[] = [];
    for (let i = 0; i < 7; i++) {
      const status = await page.request.get("/api/session/status");
      expect(status.status()).toBe(200);
      answers.push(await status.json());
      await sleep(1_000);
    }
    // one poll is told why the session ended (and its cookie is cleared); none after it is signed in
    expect(answers).toContainEqual(expect.objectContaining({ authenticated: false, reason: "idle" }));
    expect(answers.at(-1)).toMatchObject({ authenticated: false });
    await page.goto("/account");
    await expect(page).toHaveURL(/\/login\?next=%2Faccount/);
    await expect(page.getByTestId("account-email")).toHaveCount(0);
  });

  test("keeps an active user signed in past the idle timeout, and ends the session at the absolute limit anyway", async ({ page }) => {
    await signIn(page, ALICE);
    const started = Date.now();
    // active every 1.5 s: well inside the 5 s idle window, across several rotations
    while (Date.now() - started < 12_000) {
      await page.goto("/account");
      await expect(page.getByTestId("account-email")).toHaveText(ALICE.email);
      await sleep(1_500);
    }
    await sleep(Math.max(0, 14_500 - (Date.now() - started)));
    await page.goto("/account");
    await expect(page).toHaveURL(/reason=absolute/);
    await expect(page.getByRole("status")).toContainText("limit");
  });
});
