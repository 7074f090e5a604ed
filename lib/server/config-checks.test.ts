import { describe, expect, it } from "vitest";
import { configurationProblems } from "./config-checks";

const SECRET = "Vx3kP9qLm2Rt7Wz4Hc8Nb6Yd1Fg5Js0A";
const prod = { production: true, frontServer: true };

describe("start-up checks (production checklist)", () => {
  it("passes a production configuration", () => {
    expect(configurationProblems({ SESSION_SECRET: SECRET, TRUST_PROXY_HOPS: "1", METRICS_TOKEN: "m".repeat(10) + SECRET }, prod)).toEqual(
      [],
    );
  });

  it.each([
    [{ TRUST_PROXY_HOPS: "yes" }, "TRUST_PROXY_HOPS"],
    [{ DEMO_MODE: "true" }, "DEMO_MODE"],
    [{ SESSION_SECRET: "a".repeat(40) }, "SESSION_SECRET"],
    [{ SESSION_SECRET: SECRET, METRICS_TOKEN: "short" }, "METRICS_TOKEN"],
    [{ SESSION_COOKIE_SECURE: "never" }, "SESSION_COOKIE_SECURE"],
  ])("stops on %j, naming %s", (env, variable) => {
    const problems = configurationProblems(env, prod);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(variable);
  });

  it("refuses production without the front server, which alone knows the client's address (address spoofing)", () => {
    expect(configurationProblems({ SESSION_SECRET: SECRET }, { production: true, frontServer: false })).toEqual([
      expect.stringContaining("npm start"),
    ]);
    expect(configurationProblems({ SESSION_SECRET: SECRET }, { production: false, frontServer: false })).toEqual([]);
  });
});
