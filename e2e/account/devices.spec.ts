import { expect, test } from "../support/fixtures";
import { confirmPassword, FIREFOX_WINDOWS, sessionCookie, signIn, signInOnDevice, statusWith } from "../support/session";

test.describe("devices", () => {
  test("lists every device with a readable name, marks this one, and masks the network", async ({ page, browser, user }) => {
    const other = await signInOnDevice(browser, user, { userAgent: FIREFOX_WINDOWS });
    await signIn(page, user);
    await page.goto("/account/devices");
    const devices = page.getByTestId("device");
    await expect(devices).toHaveCount(2);
    await expect(devices.first()).toContainText("This device");
    await expect(devices.nth(1).getByTestId("device-name")).toHaveText("Firefox 130 on Windows");
    await expect(devices.nth(1)).toContainText("127.0.0.x");
    await expect(devices.nth(1).getByRole("button", { name: "Sign out Firefox 130 on Windows" })).toBeVisible();
    await other.context.close();
  });

  test("ending a device from another signs it out: its open page and its next visit reach sign-in (lost or stolen device)", async ({
    page,
    browser,
    user,
  }) => {
    const lost = await signInOnDevice(browser, user, { userAgent: FIREFOX_WINDOWS });
    await lost.page.goto("/account");
    await signIn(page, user);
    await page.goto("/account/devices");
    await page.getByRole("button", { name: "Sign out Firefox 130 on Windows" }).click();
    await confirmPassword(page, user.password);
    await expect(page.getByTestId("device")).toHaveCount(1);

    // the open page on the lost device notices by itself, within seconds, without a click
    await expect(lost.page).toHaveURL(/\/login\?.*reason=revoked/, { timeout: 5_000 });
    await lost.page.goto("/account");
    await expect(lost.page).toHaveURL(/\/login/);
    await expect(lost.page.getByTestId("account-email")).toHaveCount(0);

    await page.goto("/account/activity");
    await expect(page.getByTestId("activity-list").locator("li").first()).toContainText(
      "Session ended from the devices page by you, from this device",
    );
    await lost.context.close();
  });

  test("'sign out all other devices' asks for the password first; cancelling ends nothing (re-authentication, ASVS 7.5.2)", async ({
    page,
    browser,
    user,
    baseURL,
  }) => {
    const b = await signInOnDevice(browser, user);
    const c = await signInOnDevice(browser, user);
    const bCookie = (await sessionCookie(b.context)).value;
    await signIn(page, user);
    await page.goto("/account/devices");
    await expect(page.getByTestId("device")).toHaveCount(3);

    const endAll = page.getByRole("button", { name: "Sign out all other devices" });
    await endAll.click();
    const dialog = page.getByRole("dialog", { name: "Confirm it's you" });
    await expect(dialog).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    expect(await statusWith(baseURL!, bCookie)).toMatchObject({ authenticated: true });

    // a wrong password is refused inside the dialog, and nothing happens
    await endAll.click();
    await dialog.getByLabel("Password").fill("not-the-password");
    await dialog.getByRole("button", { name: "Confirm" }).click();
    await expect(dialog.getByText("That password is not right.")).toBeVisible();
    expect(await statusWith(baseURL!, bCookie)).toMatchObject({ authenticated: true });
    await dialog.getByRole("button", { name: "Cancel" }).click();

    await endAll.click();
    await confirmPassword(page, user.password);
    await expect(page.getByText("Signed out of 2 other devices.")).toBeVisible();
    await expect(page.getByTestId("device")).toHaveCount(1);
    for (const device of [b, c]) await expect(device.page).toHaveURL(/reason=revoked/, { timeout: 5_000 });
    // once confirmed, the next sensitive action within the window does not ask again
    await expect(page.getByTestId("elevation-status")).toContainText("left");
    await b.context.close();
    await c.context.close();
  });
});
