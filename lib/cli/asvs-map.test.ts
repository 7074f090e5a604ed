import { describe, expect, it } from "vitest";
import { checkAsvsMap } from "./asvs-map";

describe("docs/asvs.md", () => {
  it("maps every V7, V3.3 and V10.4 requirement, and every test it cites exists", () => {
    expect(checkAsvsMap()).toEqual([]);
  });

  it("notices a missing requirement, a claim without proof, a missing file and a missing test", () => {
    const problems = checkAsvsMap(
      [
        "| 7.2.1 | 1 | x | met | y | |",
        "| 7.2.2 | 1 | x | met | y | `e2e/nope.spec.ts` |",
        '| 7.2.3 | 1 | x | met | y | `e2e/login.spec.ts` › "a test nobody wrote" |',
      ].join("\n"),
    );
    expect(problems).toContain('7.2.1: "met" without a test that proves it');
    expect(problems).toContain("7.2.2: e2e/nope.spec.ts does not exist");
    expect(problems).toContain('7.2.3: no test "a test nobody wrote" in e2e/login.spec.ts');
    expect(problems).toContain("7.4.1: no row");
  });
});
