import { envProblems, envSchema } from "../env";
import { policyFrom } from "../session/policy";
import { secretsFrom } from "../session/secrets";
import { adoptionProblems } from "../adoption/config";

/**
 * What start-up can check of the production checklist (README "Going to production") before the
 * server takes a request. Each problem names the variable (or command) that fixes it. Pure: the
 * caller passes what it found out (startup.ts).
 */
export interface StartupFacts {
  production: boolean;
  /** the front server (server.ts) runs this app, so client addresses are its, not a client's */
  frontServer: boolean;
}

export function configurationProblems(raw: Record<string, string | undefined>, facts: StartupFacts): string[] {
  // every variable on its own (lib/env.ts): one line for each that is malformed
  const parsed = envSchema.safeParse(raw);
  if (!parsed.success) return envProblems(parsed.error);
  const env = parsed.data;
  const problems: string[] = [];
  // then how they fit together
  for (const build of [() => policyFrom(env), () => secretsFrom(env)]) {
    try {
      build();
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  problems.push(...adoptionProblems(env));
  // a secret typed by hand (aaaa…, a word repeated) is not one an attacker has to guess at random
  if (env.SESSION_SECRET && new Set(env.SESSION_SECRET).size < 12)
    problems.push("SESSION_SECRET has too few different characters to be random: generate one with `openssl rand -base64 48`");
  if (facts.production && !env.DEMO_MODE && env.SESSION_COOKIE_SECURE === "never") {
    problems.push("SESSION_COOKIE_SECURE=never would send the session cookie without Secure over TLS too: use auto (the default)");
  }
  if (facts.production && !facts.frontServer) {
    problems.push(
      "the app was started without its front server: start it with `npm start` (node dist/server.js), which gives the app the client's real address; `next start` lets clients write their own",
    );
  }
  return problems;
}
