// `npm run setup`: first-run set-up. Creates .env from .env.example with a freshly generated
// SESSION_SECRET, unless .env already exists (then nothing is touched). The embedded database
// migrates and seeds itself when the app first starts.
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";

const ENV_FILE = ".env";

if (existsSync(ENV_FILE)) {
  console.log(`[setup] ${ENV_FILE} exists; leaving it as it is`);
} else {
  const template = await readFile(".env.example", "utf8");
  // 32 random bytes: 43 base64url characters, above the 32-character minimum
  const secret = randomBytes(32).toString("base64url");
  const env = template.replace(/^SESSION_SECRET=.*$/m, `SESSION_SECRET=${secret}`);
  if (env === template) throw new Error(".env.example has no SESSION_SECRET= line");
  await writeFile(ENV_FILE, env, { mode: 0o600 });
  console.log(`[setup] wrote ${ENV_FILE} with a new SESSION_SECRET (embedded database, no Redis)`);
}
