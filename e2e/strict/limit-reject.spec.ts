import { expect, test } from "../support/fixtures";
import { signInOnDevice, submitSignIn } from "../support/session";

// This server: at most 2 sessions, and a 3rd sign-in is refused.
test("refuses a sign-in beyond the session limit and says how to make room (concurrent-session limit, reject)", async ({
  page,
  browser,
  user,
}) => {
  const a = await signInOnDevice(browser, user);
  const b = await signInOnDevice(browser, user);
  await page.goto("/login");
  await submitSignIn(page, user.email, user.password);
  await expect(page.locator("form").getByRole("alert")).toContainText("You are signed in on 2 devices, the most this site allows.");
  await expect(page.locator("form").getByRole("alert")).toContainText("Account → Devices");
  await expect(page).toHaveURL(/\/login/);
  // the existing devices are untouched
  for (const d of [a, b]) {
    await d.page.goto("/account");
    await expect(d.page.getByTestId("account-email")).toHaveText(user.email);
    await d.context.close();
  }
});
