import { describe, expect, it } from "vitest";
import { clientIp, requestContext } from "./request-context";

const xff = (value: string) => new Headers({ "x-forwarded-for": value, "user-agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0.0.0" });

describe("request context", () => {
  it("uses the one address the front server resolved, normalised", () => {
    expect(clientIp(xff("::ffff:127.0.0.1"))).toBe("127.0.0.1");
    expect(requestContext(xff("203.0.113.77")).ipPrefix).toBe("203.0.113.0/24");
  });

  it("reads anything else as unreadable, never as an address of the client's choosing", () => {
    expect(clientIp(xff("6.6.6.6, 198.51.100.7"))).toBe("");
    expect(clientIp(new Headers())).toBe("");
    expect(requestContext(xff("x")).ipPrefix).toBe("");
  });
});
