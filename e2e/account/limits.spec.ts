import { expect, test } from "../support/fixtures";
import { FIREFOX_WINDOWS, signIn, signInOnDevice } from "../support/session";

// Activity is recorded at most once a minute, so within this test "least recently used" is the oldest
// sign-in; lib/session/limits.test.ts covers the order with activity in between.
test("the 6th sign-in ends the least recently used session and says which (concurrent-session limit)", async ({ page, browser, user }) => {
  const devices = [await signInOnDevice(browser, user, { userAgent: FIREFOX_WINDOWS })];
  for (let i = 0; i < 4; i++) devices.push(await signInOnDevice(browser, user));

  await signIn(page, user); // the 6th
  await expect(page.getByTestId("notices")).toContainText(
    "You were signed in on 5 devices, the most allowed, so Firefox 130 on Windows was signed out",
  );
  await expect(devices[0]!.page).toHaveURL(/reason=revoked/, { timeout: 5_000 });
  await page.goto("/account/devices");
  await expect(page.getByTestId("device")).toHaveCount(5);
  for (const d of devices) await d.context.close();
});
