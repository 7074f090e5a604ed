import { expect, test } from "../support/fixtures";
import { confirmPassword, sessionCookie, signIn, signInOnDevice, statusWith } from "../support/session";

// This server: elevation lasts 4 s; sessions outlast the test (e2e/support/servers.ts).
test("elevation ends on its own timer: sensitive actions ask again, and the server refuses a client that thinks otherwise (privilege window)", async ({
  page,
  browser,
  user,
  baseURL,
}) => {
  const b = await signInOnDevice(browser, user);
  await signIn(page, user);
  await page.goto("/account/devices");
  await page.getByRole("button", { name: "Sign out all other devices" }).click();
  await confirmPassword(page, user.password);
  await expect(page.getByText("Signed out of 1 other device.")).toBeVisible();
  await expect(page.getByTestId("elevation-status")).toContainText("left");

  const c = await signInOnDevice(browser, user);
  await expect(page.getByTestId("elevation-status")).toHaveText("Sensitive actions ask for your password.", { timeout: 4_000 });
  await page.reload();
  // c idles out 5 s after its last request, and this test has waited about that long for the
  // elevation to end: a page load keeps c signed in (the status check below only looks)
  await c.page.reload();
  await expect(c.page).not.toHaveURL(/\/login/);
  // this page's clock now says the window is still open, so it sends the action without asking...
  await page.clock.setFixedTime(Date.now() - 10_000);
  const endAll = page.getByRole("button", { name: "Sign out all other devices" });
  await endAll.click();
  // ...the server refuses it, and the password is asked for after all
  await expect(page.getByRole("dialog", { name: "Confirm it's you" })).toBeVisible();
  expect(await statusWith(baseURL!, (await sessionCookie(c.context)).value)).toMatchObject({ authenticated: true });
  await confirmPassword(page, user.password);
  await expect(page.getByText("Signed out of 1 other device.")).toBeVisible();
  await b.context.close();
  await c.context.close();
});
