import { expect } from "vitest";
import { ConfigError, parseEnv } from "../../lib/env";

/** Test support: the problems the app's one environment schema names for `env` (it must refuse it). */
export const problemsOf = (env: Record<string, string>) => {
  try {
    parseEnv(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error(`parseEnv accepted ${JSON.stringify(env)}`);
};
