// `npm run user:add -- --email you@example.com [--admin]`: creates an account (there is no sign-up
// page). The password is asked for twice without echo, or read from standard input when piped
// (`printf '%s\n' "$PASSWORD" | npm run user:add -- --email …`), never from the command line, which
// other users of the machine can read. The same strength rule as a password change applies.
// Uses DATABASE_URL or the embedded database (stop the app first: one process owns its folder).
import "dotenv/config";
import { createInterface } from "node:readline";
import { Writable } from "node:stream";
import { parseArgs } from "node:util";
import { z } from "zod";
import { createAccount } from "../auth/accounts";
import { accountWords, checkPasswordStrength } from "../auth/password-strength";
import { openDatabase } from "../db/connection";
import { readEnv } from "../env";

const { values } = parseArgs({ options: { email: { type: "string" }, admin: { type: "boolean", default: false } } });
const email = z.string().trim().toLowerCase().pipe(z.email()).safeParse(values.email);
if (!email.success) fail("give the account's email: npm run user:add -- --email you@example.com [--admin]");

function fail(message: string): never {
  console.error(`[user:add] ${message}`);
  process.exit(1);
}

/** One line from the terminal without echoing it, or the first line of piped standard input. */
async function readSecret(prompt: string): Promise<string> {
  if (!process.stdin.isTTY) {
    let text = "";
    for await (const chunk of process.stdin) text += String(chunk);
    return text.split(/\r?\n/)[0] ?? "";
  }
  process.stderr.write(prompt);
  const silent = new Writable({ write: (_chunk, _encoding, done) => done() });
  const rl = createInterface({ input: process.stdin, output: silent, terminal: true });
  const line = await new Promise<string>((resolve) => rl.once("line", resolve));
  rl.close();
  process.stderr.write("\n");
  return line;
}

const password = await readSecret("Password: ");
if (process.stdin.isTTY && (await readSecret("Again: ")) !== password) fail("the two passwords are not the same");
const strength = checkPasswordStrength(password, accountWords(email.data), "en");
if (!strength.acceptable) fail(`password refused: ${strength.reason}`);

const db = await openDatabase(readEnv().DATABASE_URL);
try {
  const role = values.admin ? "admin" : "user";
  if (!(await createAccount(email.data, password, role, db.prisma))) fail(`${email.data} already exists`);
  console.log(`[user:add] created ${email.data}${values.admin ? " (admin)" : ""}`);
} finally {
  await db.close();
}
