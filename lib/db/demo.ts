import { dbEnv } from "./variables";

/**
 * Demo mode: the published demo accounts, for trying the app. They exist only with DEMO_MODE=1
 * (`npm run demo` and the test servers that sign in with them set it): nothing seeds them
 * otherwise, `npm run db:seed` refuses, the pages do not mention them, and a server that finds one
 * in its database without demo mode refuses to start (lib/server/startup.ts).
 */
export const DEMO_USERS = [
  { email: "alice@example.com", password: "alice-demo-password", role: "user" },
  { email: "bob@example.com", password: "bob-demo-password", role: "user" },
  { email: "admin@example.com", password: "admin-demo-password", role: "admin" },
] as const;

export const isDemoMode = (env: Record<string, string | undefined> = process.env) => dbEnv(env).DEMO_MODE;

export const NOT_IN_DEMO_MODE =
  "npm run db:seed creates the demo accounts, whose passwords are published, so it runs only in demo mode: " +
  "DEMO_MODE=1 npm run db:seed. To create a real account, use npm run user:add -- --email you@example.com";

export const demoAccountsRefusal = (found: string[]) =>
  `The database holds demo accounts (${found.join(", ")}), whose passwords are published, but DEMO_MODE is not 1. ` +
  "Remove them with `npm run db:remove-demo` (stop the app first when it uses the embedded database), " +
  "or start with DEMO_MODE=1 for a demo.";
