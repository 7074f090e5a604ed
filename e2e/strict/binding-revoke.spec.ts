import { expect, test } from "../support/fixtures";
import { signIn, stealSession } from "../support/session";

// This server: SESSION_BIND_UA=revoke.
test("a cookie replayed from another browser ends the session, for the thief and for the owner (cookie theft)", async ({
  page,
  browser,
  user,
  baseURL,
}) => {
  await signIn(page, user);
  const { context: thief, page: thiefPage } = await stealSession(browser, page, baseURL!);
  await thiefPage.goto("/account");
  await expect(thiefPage).toHaveURL(/\/login\?.*reason=suspicious/);
  await expect(thiefPage.getByText(user.email)).toHaveCount(0);
  // the owner's open page follows within seconds, told why
  await expect(page).toHaveURL(/\/login\?.*reason=suspicious/, { timeout: 5_000 });
  await expect(page.getByRole("status")).toContainText("used from another browser");
  await thief.close();
});
