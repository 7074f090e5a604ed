import pg from "pg";
import { expect, test } from "../support/fixtures";
import { appSignIn, me, refresh } from "../support/mobile";
import { SERVERS } from "../support/servers";

// Reaches into PostgreSQL directly, so it runs on the postgres-redis server only.
test("an app session that outlived its account's disabling (a sign-in racing the admin) is refused at its next call", async ({
  request,
  user,
}) => {
  const pair = await appSignIn(request, user);
  const db = new pg.Client({ connectionString: SERVERS.main.env.DATABASE_URL });
  await db.connect();
  try {
    // the state that race leaves: the account disabled, this session still live
    await db.query("UPDATE users SET disabled_at = now() WHERE email = $1", [user.email]);
    const refused = await me(request, pair.accessToken);
    expect(refused.status()).toBe(403);
    expect((await refused.json()).error).toBe("account_disabled");
    // and the session is over, refresh token included
    expect((await refresh(request, pair.refreshToken)).status()).toBe(401);
  } finally {
    await db.query("UPDATE users SET disabled_at = NULL WHERE email = $1", [user.email]);
    await db.end();
  }
});
