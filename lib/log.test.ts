import { Writable } from "node:stream";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { errorFields, logOptions } from "./log";

function capture() {
  const lines: string[] = [];
  const stream = new Writable({ write: (chunk, _, done) => (lines.push(String(chunk)), done()) });
  return { logger: pino(logOptions, stream), lines };
}

describe("logs", () => {
  it("are one JSON object per line, with level, time and message", () => {
    const { logger, lines } = capture();
    logger.child({ requestId: "r-1" }).info({ kind: "mobile" }, "session created");
    const entry = JSON.parse(lines[0]!);
    expect(entry).toMatchObject({ level: 30, msg: "session created", requestId: "r-1", kind: "mobile", service: "session-lab" });
    expect(entry.time).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it("never write a password, token, cookie or full address, wherever the key appears (secret leak into logs)", () => {
    const { logger, lines } = capture();
    logger.warn(
      {
        password: "hunter2-secret",
        token: "tok-abc",
        refreshToken: "rt-xyz",
        ip: "203.0.113.7",
        request: { cookie: "sid=abc", authorization: "Bearer eyJ" },
      },
      "suspicious",
    );
    for (const secret of ["hunter2-secret", "tok-abc", "rt-xyz", "203.0.113.7", "sid=abc", "Bearer eyJ"])
      expect(lines[0]).not.toContain(secret);
    expect(lines[0]).toContain("[redacted]");
  });

  it("keep only an error's name and message", () => {
    const error = Object.assign(new Error("connect ECONNREFUSED"), { cause: "postgres://user:pw@db/prod" });
    expect(JSON.stringify(errorFields(error))).not.toContain("pw@db");
  });
});
