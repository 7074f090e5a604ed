import { describe, expect, it } from "vitest";
import { clientIp, ipPrefix } from "./request-context";

const xff = (value: string) => new Headers({ "x-forwarded-for": value });

describe("clientIp", () => {
  it("takes the address the outermost trusted proxy appended, ignoring what the client wrote before it (address spoofing)", () => {
    expect(clientIp(xff("6.6.6.6, 198.51.100.7"), { TRUST_PROXY_HOPS: "1" })).toBe("198.51.100.7");
    expect(clientIp(xff("6.6.6.6, 198.51.100.7, 10.0.0.2"), { TRUST_PROXY_HOPS: "2" })).toBe("198.51.100.7");
  });

  it("uses the socket address next start records when the app is reached directly", () => {
    expect(clientIp(xff("::ffff:127.0.0.1"), {})).toBe("::ffff:127.0.0.1");
    expect(clientIp(new Headers(), {})).toBe("");
  });
});

describe("ipPrefix (sessions and logs never keep a full address)", () => {
  it.each([
    ["203.0.113.77", "203.0.113.0/24"],
    ["::ffff:127.0.0.1", "127.0.0.0/24"],
    ["2001:db8:85a3:8d3:1319:8a2e:370:7348", "2001:db8:85a3:8d3::/64"],
    ["2001:db8::1", "2001:db8:0:0::/64"],
    ["not an address", ""],
  ])("%s → %s", (ip, prefix) => {
    expect(ipPrefix(ip)).toBe(prefix);
  });
});
