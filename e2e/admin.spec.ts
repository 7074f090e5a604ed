import { expect, test } from "./support/fixtures";
import { appSignIn, me } from "./support/mobile";
import { confirmPassword, signIn, signInOnDevice, submitSignIn } from "./support/session";

const ADMIN = { email: "admin@example.com", password: "admin-demo-password" };

/** Incident response by an administrator, and nothing of it for anyone else. */
test.describe("admin", () => {
  test("a non-admin gets a plain 404, not a glimpse of the admin area (privilege escalation)", async ({ page, user }) => {
    await signIn(page, user);
    const response = await page.goto("/admin");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Administration" })).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Admin" })).toHaveCount(0);
  });

  test("signed out, the admin area sends to sign-in", async ({ page }) => {
    await page.goto("/admin");
    await expect(page).toHaveURL(/\/login\?next=%2Fadmin/);
  });

  test("an admin must confirm the password before any user is shown (elevation)", async ({ page, user }) => {
    await signIn(page, ADMIN, "/admin");
    await expect(page.getByRole("heading", { name: "Administration" })).toBeVisible();
    await expect(page.getByTestId("admin-users")).toHaveCount(0);
    await page.getByRole("button", { name: "Confirm it's you" }).click();
    await confirmPassword(page, ADMIN.password);
    await page.getByLabel("Search users by email").fill(user.email);
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page.getByTestId("admin-user")).toHaveCount(1);
    await expect(page.getByTestId("admin-user")).toContainText(user.email);
  });

  test("ending a user's sessions signs out their open browser and their app (compromised account)", async ({
    page,
    browser,
    request,
    user,
  }) => {
    const victim = await signInOnDevice(browser, user);
    await victim.page.goto("/account");
    const app = await appSignIn(request, user);
    await signIn(page, ADMIN, `/admin?q=${encodeURIComponent(user.email)}`);
    await page.getByRole("button", { name: "Confirm it's you" }).click();
    await confirmPassword(page, ADMIN.password);
    await expect(page.getByTestId("admin-user")).toContainText("2 live sessions");
    await page.getByRole("button", { name: `End all sessions of ${user.email}` }).click();
    await expect(page.getByText("Ended 2 sessions.")).toBeVisible();
    await expect(victim.page).toHaveURL(/\/login\?.*reason=revoked/, { timeout: 8_000 });
    expect((await me(request, app.accessToken)).status()).toBe(401);
    await victim.context.close();
  });

  test("disabling an account ends its sessions and refuses sign-in with a clear message; enabling lets it back", async ({
    page,
    browser,
    request,
    user,
  }) => {
    const victim = await signInOnDevice(browser, user);
    await signIn(page, ADMIN, `/admin?q=${encodeURIComponent(user.email)}`);
    await page.getByRole("button", { name: "Confirm it's you" }).click();
    await confirmPassword(page, ADMIN.password);
    await page.getByRole("button", { name: `Disable account of ${user.email}` }).click();
    await expect(page.getByText("Account disabled; 1 session ended.")).toBeVisible();
    await expect(page.getByTestId("admin-user")).toContainText("disabled");

    // the open page notices by itself and goes to sign-in
    await expect(victim.page).toHaveURL(/\/login\?.*reason=revoked/, { timeout: 8_000 });
    await submitSignIn(victim.page, user.email, user.password);
    await expect(victim.page.locator("form").getByRole("alert")).toHaveText(
      "This account is disabled. Contact your administrator to have it enabled again.",
    );
    // a wrong password learns nothing about the account's state
    await submitSignIn(victim.page, user.email, "a wrong password");
    await expect(victim.page.locator("form").getByRole("alert")).toHaveText("Invalid email or password.");
    const token = await request.post("/api/mobile/token", { data: { email: user.email, password: user.password, deviceName: "Phone" } });
    expect(token.status()).toBe(403);
    expect((await token.json()).error).toBe("account_disabled");

    await page.getByRole("button", { name: `Enable account of ${user.email}` }).click();
    await expect(page.getByText("Account enabled: it can sign in again.")).toBeVisible();
    await submitSignIn(victim.page, user.email, user.password);
    await expect(victim.page).toHaveURL(/\/account/);
    await victim.context.close();
  });
});
