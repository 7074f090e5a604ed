import { describe, expect, it } from "vitest";
import { problemsOf } from "../../../test/support/env";
import { parseEnv } from "../../env";
import { configurationProblems } from "../../server/config-checks";

/** The variables of a session store move, as the app's one schema parses them (a bad one stops start-up naming it). */

describe("SESSION_STORE_MIGRATION and its target", () => {
  it("means no migration when unset, and a phase with its target and share when set", () => {
    expect(parseEnv({}).SESSION_STORE_MIGRATION).toBeUndefined();
    expect(parseEnv({}).SESSION_STORE_MIGRATION_PERCENT).toBe(0);
    const target = "postgresql://postgres@127.0.0.1:5432/next_store";
    expect(
      parseEnv({ SESSION_STORE_MIGRATION: "switch", SESSION_STORE_MIGRATION_TARGET: target, SESSION_STORE_MIGRATION_PERCENT: "25" }),
    ).toMatchObject({ SESSION_STORE_MIGRATION: "switch", SESSION_STORE_MIGRATION_TARGET: target, SESSION_STORE_MIGRATION_PERCENT: 25 });
  });

  it("refuses a phase without a target, naming the variable and what it needs", () => {
    expect(problemsOf({ SESSION_STORE_MIGRATION: "shadow" })).toEqual([
      expect.stringMatching(
        /^SESSION_STORE_MIGRATION_TARGET is required while SESSION_STORE_MIGRATION is set \(shadow\): the postgresql:\/\/ URL/,
      ),
    ]);
    expect(problemsOf({ SESSION_STORE_MIGRATION: "dual", SESSION_STORE_MIGRATION_TARGET: "" })).toHaveLength(1);
    // and start-up stops on it, before any request
    expect(configurationProblems({ SESSION_STORE_MIGRATION: "switch" }, { production: false, frontServer: true })).toEqual([
      expect.stringContaining("SESSION_STORE_MIGRATION_TARGET is required"),
    ]);
  });

  it("refuses an unknown phase, a target that is not PostgreSQL or is the current database, and a share outside 0-100", () => {
    expect(problemsOf({ SESSION_STORE_MIGRATION: "half", SESSION_STORE_MIGRATION_TARGET: "postgresql://h/db" })).toEqual([
      'SESSION_STORE_MIGRATION: "half" is not one of shadow, dual, switch, done',
    ]);
    expect(problemsOf({ SESSION_STORE_MIGRATION: "dual", SESSION_STORE_MIGRATION_TARGET: "mysql://h/db" })).toEqual([
      expect.stringMatching(/^SESSION_STORE_MIGRATION_TARGET: must be a postgresql:\/\/ URL/),
    ]);
    expect(
      problemsOf({
        SESSION_STORE_MIGRATION: "dual",
        DATABASE_URL: "postgresql://postgres@db.internal/app",
        SESSION_STORE_MIGRATION_TARGET: "postgres://other@db.internal:5432/app",
      }),
    ).toEqual([expect.stringContaining("is the database DATABASE_URL already names")]);
    expect(problemsOf({ SESSION_STORE_MIGRATION_PERCENT: "101" })).toEqual([
      'SESSION_STORE_MIGRATION_PERCENT: "101" is not a whole number from 0 to 100',
    ]);
  });
});
