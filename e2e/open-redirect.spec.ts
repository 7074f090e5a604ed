import { expect, test } from "./support/fixtures";
import { ALICE, signIn } from "./support/session";

test.describe("next= after sign-in", () => {
  for (const next of ["//evil.example", "https://evil.example", "/\\evil.example", "javascript:alert(1)", "/%2F%2Fevil.example"]) {
    test(`stays on this site for next=${next} (open redirect)`, async ({ page, baseURL }) => {
      await signIn(page, ALICE, next);
      const url = new URL(page.url());
      expect(url.origin).toBe(new URL(baseURL!).origin);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    });
  }

  test("returns to the page that asked for sign-in", async ({ page }) => {
    await page.goto("/account?from=test");
    await expect(page).toHaveURL(/\/login\?next=%2Faccount%3Ffrom%3Dtest/);
    await page.getByLabel("Email").fill(ALICE.email);
    await page.getByLabel("Password").fill(ALICE.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/account\?from=test$/);
  });
});
