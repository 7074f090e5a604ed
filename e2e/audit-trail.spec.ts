import pg from "pg";
import { expect, test } from "./support/fixtures";
import { SERVERS } from "./support/servers";
import { signIn, submitSignIn } from "./support/session";

/** Every sign-in, failed attempt and sign-out leaves a trace the account owner can be shown (repudiation). */
test("records a failed sign-in, the sign-in and the sign-out in the audit trail, with no password or token", async ({ page, user }) => {
  const db = new pg.Client({ connectionString: SERVERS.main.env.DATABASE_URL });
  await db.connect();
  try {
    await page.goto("/login");
    await submitSignIn(page, user.email, "a-wrong-password");
    await expect(page.locator("form").getByRole("alert")).toHaveText("Invalid email or password.");
    await signIn(page, user);
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/reason=signed-out/);

    // the failure is written after the response (so timing reveals nothing): wait for it
    await expect
      .poll(async () => {
        const { rows } = await db.query<{ type: string; detail: unknown; ip_prefix: string }>(
          `SELECT a.type, a.detail, a.ip_prefix FROM audit_events a JOIN users u ON u.id = a.user_id
           WHERE u.email = $1 ORDER BY a.id`,
          [user.email],
        );
        return rows;
      })
      .toEqual([
        expect.objectContaining({ type: "login.failed", ip_prefix: "127.0.0.0/24" }),
        expect.objectContaining({ type: "session.created", ip_prefix: "127.0.0.0/24" }),
        expect.objectContaining({ type: "session.revoked", detail: expect.objectContaining({ reason: "signed-out" }) }),
      ]);
    const { rows } = await db.query<{ dump: string }>(`SELECT string_agg(row_to_json(a)::text, ' ') AS dump FROM audit_events a`);
    expect(rows[0]!.dump).not.toContain("a-wrong-password");
    expect(rows[0]!.dump).not.toContain(user.password);
  } finally {
    await db.end();
  }
});
