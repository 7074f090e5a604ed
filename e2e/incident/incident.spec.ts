import { expect, test } from "../support/fixtures";
import { appSignIn, me } from "../support/mobile";
import { confirmPassword, signIn, signInOnDevice } from "../support/session";

const ADMIN = { email: "admin@example.com", password: "admin-demo-password" };

// A server of its own (e2e/support/servers.ts): this switch ends every session on the server it runs against.
test.describe("incident response", () => {
  test("the incident switch needs the typed confirmation, then ends every other session, apps included", async ({
    page,
    browser,
    request,
    user,
    otherUser,
  }) => {
    const a = await signInOnDevice(browser, user);
    const app = await appSignIn(request, otherUser);
    await signIn(page, ADMIN, "/admin");
    await page.getByRole("button", { name: "Confirm it's you" }).click();
    await confirmPassword(page, ADMIN.password);
    const endAll = page.getByRole("button", { name: "End every session" });
    await expect(endAll).toBeDisabled();
    await page.getByLabel(/to sign every user out/).fill("END ALL SESSIONS");
    await endAll.click();
    await expect(page.getByText(/Ended \d+ sessions?\. Yours stays open\./)).toBeVisible();
    // the open page notices by itself and goes to sign-in
    await expect(a.page).toHaveURL(/\/login\?.*reason=revoked/, { timeout: 8_000 });
    expect((await me(request, app.accessToken)).status()).toBe(401);
    // the admin's own session stays
    await page.goto("/account");
    await expect(page.getByTestId("account-email")).toHaveText(ADMIN.email);
    await a.context.close();
  });
});
