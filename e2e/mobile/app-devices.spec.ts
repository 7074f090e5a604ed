import { expect, test } from "../support/fixtures";
import { appSignIn, me, refresh } from "../support/mobile";
import { confirmPassword, signIn } from "../support/session";

/** App sessions are devices like browsers: listed, endable, and ended by a password change. */
test.describe("app sessions on the account pages", () => {
  test("an app session appears on the devices page with its name, and ending it there stops the app at its next call (lost phone)", async ({
    page,
    request,
    user,
  }) => {
    const pair = await appSignIn(request, user, "Kenji's iPhone");
    await signIn(page, user, "/account/devices");
    const devices = page.getByTestId("device");
    await expect(devices).toHaveCount(2);
    const app = devices.filter({ has: page.getByTestId("device-name").getByText("Kenji's iPhone", { exact: true }) });
    await expect(app).toContainText("App");
    await app.getByRole("button", { name: "Sign out Kenji's iPhone" }).click();
    await confirmPassword(page, user.password);
    await expect(devices).toHaveCount(1);
    const refused = await me(request, pair.accessToken);
    expect(refused.status()).toBe(401);
    expect((await refresh(request, pair.refreshToken)).status()).toBe(401);
  });

  test("a password change ends the user's app sessions (stolen phone, changed password)", async ({ page, request, user }) => {
    const pair = await appSignIn(request, user, "Old phone");
    await signIn(page, user, "/account/security");
    const newPassword = "a fresh and much longer passphrase 42";
    await page.getByLabel("Current password").fill(user.password);
    await page.getByLabel("New password", { exact: true }).fill(newPassword);
    await page.getByLabel("New password, again").fill(newPassword);
    await page.getByRole("button", { name: "Change password" }).click();
    await expect(page.getByRole("status")).toContainText("Your password is changed");
    expect((await me(request, pair.accessToken)).status()).toBe(401);
    expect((await refresh(request, pair.refreshToken)).status()).toBe(401);
  });
});
