/**
 * `npm run audit:session -- --url http://127.0.0.1:3000 --email alice@example.com --password …`
 * Audits a running deployment from the outside (lib/audit/checks.ts) and prints a pass/fail table;
 * exits 1 when any check fails. Options: --login /login, --protected /account, --logout
 * /api/auth/logout, --cookie NAME, --samples 20, --idle-seconds N, --absolute-seconds N.
 */
import { parseArgs } from "node:util";
import { formatTable, runAudit } from "../audit/checks";

const { values } = parseArgs({
  options: {
    url: { type: "string" },
    email: { type: "string" },
    password: { type: "string" },
    login: { type: "string" },
    protected: { type: "string" },
    logout: { type: "string" },
    cookie: { type: "string" },
    samples: { type: "string" },
    "idle-seconds": { type: "string" },
    "absolute-seconds": { type: "string" },
  },
});
if (!values.url || !values.email || !values.password) {
  console.error("usage: npm run audit:session -- --url http://127.0.0.1:3000 --email EMAIL --password PASSWORD [--idle-seconds N]");
  process.exit(2);
}
const num = (v: string | undefined) => (v ? Number(v) : undefined);
try {
  const results = await runAudit({
    url: values.url,
    email: values.email,
    password: values.password,
    loginPath: values.login,
    protectedPath: values.protected,
    logoutPath: values.logout,
    cookieName: values.cookie,
    samples: num(values.samples),
    idleSeconds: num(values["idle-seconds"]),
    absoluteSeconds: num(values["absolute-seconds"]),
  });
  console.log(`Session audit of ${values.url}\n`);
  console.log(formatTable(results));
  process.exit(results.some((r) => r.outcome === "fail") ? 1 : 0);
} catch (error) {
  console.error(`audit could not run: ${(error as Error).message}`);
  process.exit(2);
}
