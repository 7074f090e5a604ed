/**
 * `npm run session:check`: validates the effective session policy (preset + environment, including
 * .env) and prints errors and warnings with their reasons; exits 1 on any error.
 *   --write   also writes docs/session-policy.md from the configuration committed in .env.example
 *   --docs    exits 1 when docs/session-policy.md is not what --write would write (CI)
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { checkPolicyEnv } from "../session/policy-check";
import { committedPolicyDocument, POLICY_DOC, readEnvFile } from "./policy-files";

const { values } = parseArgs({ options: { write: { type: "boolean", default: false }, docs: { type: "boolean", default: false } } });

if (values.docs) {
  const committed = await readFile(POLICY_DOC, "utf8").catch(() => "");
  if (committed !== (await committedPolicyDocument())) {
    console.error(`${POLICY_DOC} is stale: run \`npm run session:check -- --write\` and commit it`);
    process.exit(1);
  }
  console.log(`${POLICY_DOC} is current`);
  process.exit(0);
}

const env = { ...(await readEnvFile(".env")), ...process.env };
const report = checkPolicyEnv(env);
const preset = env.SESSION_POLICY_PRESET?.trim() || "general";
console.log(`Session policy check (preset ${preset}, from the environment and .env)\n`);
for (const f of report.findings)
  console.log(`${f.level === "error" ? "ERROR  " : "warning"} ${f.setting}: ${f.message}\n        ${f.reason}`);
if (report.findings.length === 0) console.log("No findings: every value is within the recommendations.");
if (values.write) {
  await mkdir("docs", { recursive: true });
  await writeFile(POLICY_DOC, await committedPolicyDocument());
  console.log(`\nwrote ${POLICY_DOC}`);
}
process.exit(report.ok ? 0 : 1);
