import { expect, test } from "../support/fixtures";
import { signIn } from "../support/session";

test("signing out in one tab sends every other tab of the browser to sign-in (shared computer)", async ({ page, user }) => {
  await signIn(page, user);
  const second = await page.context().newPage();
  await second.goto("/account/devices");
  await expect(second.getByRole("heading", { name: "Devices" })).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/reason=signed-out/);
  await expect(second).toHaveURL(/\/login\?.*reason=signed-out/, { timeout: 3_000 });
});
