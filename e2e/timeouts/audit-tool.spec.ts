import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { expect, test } from "../support/fixtures";

const run = promisify(execFile);

// The black-box audit tool (npm run audit:session) against the built app, with this server's seconds-long
// idle (5 s) and absolute (14 s) timeouts so those checks run too. Its table is printed in the CI log.
test("the session audit tool passes every check against the app", async ({ baseURL, user }) => {
  test.setTimeout(120_000);
  const { stdout } = await run(
    "npx",
    [
      "tsx",
      "lib/cli/audit-session.ts",
      "--url",
      baseURL!,
      "--email",
      user.email,
      "--password",
      user.password,
      "--idle-seconds",
      "5",
      "--absolute-seconds",
      "14",
    ],
    { timeout: 110_000 },
  ).catch((error: { stdout?: string; stderr?: string }) => {
    throw new Error(`audit failed:\n${error.stdout ?? ""}${error.stderr ?? ""}`);
  });
  console.log(stdout);
  expect(stdout).toMatch(/\d+ passed, 0 failed, 2 skipped/);
  for (const id of ["GEN-01", "GEN-03", "TRN-01", "VAL-02", "VAL-03", "VAL-04", "TRM-03", "CSR-01", "RED-01"])
    expect(stdout).toMatch(new RegExp(`${id}\\s+PASS`));
});
