import pg from "pg";
import { expect, test } from "../support/fixtures";
import { SERVERS } from "../support/servers";
import { confirmPassword, sessionCookie, signIn, signInOnDevice, statusWith } from "../support/session";

/** Needs the database to learn another account's session id, as an attacker guessing ids would hope to. */
test("never ends another account's session, even when the form names its id (insecure direct object reference)", async ({
  page,
  browser,
  user,
  otherUser,
  baseURL,
}) => {
  const victim = await signInOnDevice(browser, otherUser);
  const victimCookie = (await sessionCookie(victim.context)).value;
  const db = new pg.Client({ connectionString: SERVERS.main.env.DATABASE_URL });
  await db.connect();
  const { rows } = await db.query<{ id: string }>(
    "SELECT s.id FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email = $1 AND s.revoked_at IS NULL",
    [otherUser.email],
  );
  await db.end();
  expect(rows).toHaveLength(1);

  const mine = await signInOnDevice(browser, user);
  await signIn(page, user);
  await page.goto("/account/devices");
  const form = page.getByTestId("device").nth(1).locator("form");
  await form.locator('input[name="sessionId"]').evaluate((input: HTMLInputElement, id: string) => (input.value = id), rows[0]!.id);
  await form.getByRole("button").click();
  await confirmPassword(page, user.password);
  await expect(page.getByText("That session had already ended.")).toBeVisible();
  expect(await statusWith(baseURL!, victimCookie)).toMatchObject({ authenticated: true });
  await victim.context.close();
  await mine.context.close();
});
