import { LANGS, messagesFor } from "../../lib/i18n";
import { expect, test } from "../support/fixtures";
import { expectAccessible, expectJapanese, signInIn } from "../support/i18n";

/**
 * The idle warning in each language, checked at leisure: the page is told by its status polls that
 * 90 s of its idle time are left (the real answer with its deadline moved; the session on the server
 * is untouched), so the dialog stays open for the checks however loaded the machine is. Its timing
 * against the server is proven on the short-timeout server (e2e/timeouts/idle-warning.spec.ts).
 */
for (const lang of LANGS) {
  const t = messagesFor(lang).account.idle;
  test.describe(`idle warning in ${lang}`, () => {
    test.use({ locale: lang === "ja" ? "ja-JP" : "en-US" });

    test(`the dialog, its countdown and its buttons are in ${lang} and pass WCAG 2.2 AA; staying keeps the session`, async ({
      page,
      user,
    }) => {
      let nearDeadline = true;
      await page.route("**/api/session/status", async (route) => {
        const response = await route.fetch();
        const status = (await response.json()) as { authenticated: boolean; serverTime: string; idleExpiresAt?: string };
        if (nearDeadline && status.authenticated) status.idleExpiresAt = new Date(Date.parse(status.serverTime) + 90_000).toISOString();
        await route.fulfill({ response, json: status });
      });
      await signInIn(lang, page, user);
      await expect(page).toHaveURL(/\/account$/);
      const dialog = page.getByRole("alertdialog", { name: t.title });
      await expect(dialog).toBeVisible();
      await expect(dialog).toContainText(t.before);
      await expect(dialog.getByTestId("idle-countdown")).toHaveText(/^1:[23]\d$/);
      await expect(dialog.getByRole("button", { name: t.stay })).toBeFocused();
      await expect(dialog.getByRole("button", { name: t.signOut })).toBeVisible();
      if (lang === "ja") await expectJapanese(page, "the idle warning");
      await expectAccessible(page, `the idle warning in ${lang}`);
      // staying asks the server (keepalive, not patched), whose real deadline then closes the dialog
      nearDeadline = false;
      await dialog.getByRole("button", { name: t.stay }).click();
      await expect(dialog).toBeHidden();
      await expect(page.getByTestId("account-email")).toHaveText(user.email);
    });
  });
}
