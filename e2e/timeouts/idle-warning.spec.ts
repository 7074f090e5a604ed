import { expect, test } from "../support/fixtures";
import { signIn, sleep } from "../support/session";

// This server: idle 5 s, so the warning shows half-way (2.5 s before expiry).
test.describe("idle warning", () => {
  test("warns before idle expiry in an accessible dialog; 'Stay signed in' by keyboard keeps the session (lost work)", async ({
    page,
    user,
  }) => {
    await signIn(page, user);
    const dialog = page.getByRole("alertdialog", { name: "Are you still there?" });
    await expect(dialog).toBeVisible({ timeout: 5_000 });
    await expect(dialog).toContainText("you will be signed out in");
    await expect(dialog.getByRole("button", { name: "Stay signed in" })).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(dialog).toBeHidden();
    // past the deadline the dialog had announced: still signed in, on the same page
    await sleep(3_000);
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByTestId("account-email")).toHaveText(user.email);
    // Escape is "stay" too, never a silent sign-out
    await expect(dialog).toBeVisible({ timeout: 5_000 });
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId("account-email")).toHaveText(user.email);
  });

  test("ignoring the warning lands on sign-in with reason=idle (unattended browser)", async ({ page, user }) => {
    await signIn(page, user);
    await expect(page.getByRole("alertdialog", { name: "Are you still there?" })).toBeVisible({ timeout: 5_000 });
    await expect(page).toHaveURL(/\/login\?.*reason=idle/, { timeout: 6_000 });
    await expect(page.getByRole("status")).toContainText("without activity");
  });

  test("staying signed in from one tab closes the warning in the others (tabs)", async ({ page, user }) => {
    await signIn(page, user);
    const other = await page.context().newPage();
    await other.goto("/account/devices");
    const warning = (p: typeof page) => p.getByRole("alertdialog", { name: "Are you still there?" });
    await expect(warning(page)).toBeVisible({ timeout: 5_000 });
    await expect(warning(other)).toBeVisible({ timeout: 5_000 });
    await warning(other).getByRole("button", { name: "Stay signed in" }).click();
    await expect(warning(other)).toBeHidden();
    await expect(warning(page)).toBeHidden({ timeout: 1_500 });
  });
});
