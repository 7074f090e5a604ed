import { describe, expect, it } from "vitest";
import { ipPrefix, normaliseAddress, parseProxyAddresses, parseProxyHops, resolveClientAddress, throttleNetworks } from "./client-address";

describe("normaliseAddress: one address, one form (new keys per notation or port)", () => {
  it.each([
    ["203.0.113.7", "203.0.113.7"],
    [" 203.0.113.7 ", "203.0.113.7"],
    ["203.0.113.7:4711", "203.0.113.7"],
    ["::ffff:203.0.113.7", "203.0.113.7"],
    ["::FFFF:cb00:7107", "203.0.113.7"],
    ["[::ffff:203.0.113.7]:443", "203.0.113.7"],
    ["2001:DB8::1", "2001:db8:0:0:0:0:0:1"],
    ["2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8:0:0:0:0:0:1"],
    ["[2001:db8::1]:8443", "2001:db8:0:0:0:0:0:1"],
    ["fe80::1%eth0", "fe80:0:0:0:0:0:0:1"],
    ["::1", "0:0:0:0:0:0:0:1"],
    ["64:ff9b::192.0.2.33", "64:ff9b:0:0:0:0:c000:221"],
  ])("%j → %j", (entry, canonical) => {
    expect(normaliseAddress(entry)).toBe(canonical);
  });

  it.each([
    "x",
    "unknown",
    "",
    "  ",
    "256.1.1.1",
    "1.2.3",
    "1.2.3.4.5",
    "01.2.3.4",
    "2001:db8::1::2",
    "2001:db8:1:2:3:4:5:6:7",
    "g::1",
    "1.2.3.4:",
    "[::1",
    "evil.example",
    "::",
    "0.0.0.0",
  ])("%j is unreadable", (entry) => {
    expect(normaliseAddress(entry)).toBe("");
  });
});

describe("networks", () => {
  it("keys IPv4 by address with a /24 tier, IPv6 by /64 with a /48 tier (address rotation)", () => {
    expect(throttleNetworks("203.0.113.7")).toEqual({ host: "203.0.113.7", network: "203.0.113.0/24" });
    expect(throttleNetworks("2001:db8:85a3:8d3:1319:8a2e:370:7348")).toEqual({
      host: "2001:db8:85a3:8d3::/64",
      network: "2001:db8:85a3::/48",
    });
    // every address of one /64 is the same client
    expect(throttleNetworks("2001:db8:85a3:8d3::1")).toEqual(throttleNetworks("2001:db8:85a3:8d3:ffff:ffff:ffff:fffe"));
    expect(throttleNetworks("x")).toBeNull();
  });

  it("masks sessions and logs to /24 and /64, the same for every notation", () => {
    expect(ipPrefix("::ffff:127.0.0.1")).toBe("127.0.0.0/24");
    expect(ipPrefix("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(ipPrefix("[2001:db8:85a3:8d3::1]:443")).toBe("2001:db8:85a3:8d3::/64");
    expect(ipPrefix("x")).toBe("");
  });
});

describe("resolveClientAddress", () => {
  it("reached directly, takes the socket's peer and ignores what the client wrote (address spoofing)", () => {
    expect(resolveClientAddress({ socketAddress: "::ffff:198.51.100.7", forwardedFor: "6.6.6.6", hops: 0 })).toBe("198.51.100.7");
    expect(resolveClientAddress({ socketAddress: "198.51.100.7", forwardedFor: undefined, hops: 0 })).toBe("198.51.100.7");
  });

  const proxies = (raw: string) => {
    const parsed = parseProxyAddresses(raw);
    if ("error" in parsed) throw new Error(parsed.error);
    return parsed.proxies;
  };
  const nginx = proxies("10.0.0.0/24");

  it("behind proxies, takes the entry the outermost one appended; what stands left of it the client wrote", () => {
    expect(resolveClientAddress({ socketAddress: "10.0.0.2", forwardedFor: "6.6.6.6, 198.51.100.7", hops: 1, proxies: nginx })).toBe(
      "198.51.100.7",
    );
    expect(
      resolveClientAddress({ socketAddress: "10.0.0.3", forwardedFor: ["6.6.6.6, 198.51.100.7", "10.0.0.2"], hops: 2, proxies: nginx }),
    ).toBe("198.51.100.7");
    expect(resolveClientAddress({ socketAddress: "10.0.0.2", forwardedFor: "198.51.100.7:51234", hops: 1, proxies: nginx })).toBe(
      "198.51.100.7",
    );
    // by default the proxy is on this machine
    expect(resolveClientAddress({ socketAddress: "::ffff:127.0.0.1", forwardedFor: "198.51.100.7", hops: 1 })).toBe("198.51.100.7");
  });

  it("a client reaching an instance directly, past the proxies, is its own socket address whatever it writes (proxy bypass)", () => {
    expect(resolveClientAddress({ socketAddress: "203.0.113.66", forwardedFor: "198.51.100.7", hops: 1, proxies: nginx })).toBe(
      "203.0.113.66",
    );
    expect(resolveClientAddress({ socketAddress: "203.0.113.66", forwardedFor: "198.51.100.7", hops: 1 })).toBe("203.0.113.66");
  });

  it("gives an unreadable address for a chain that did not pass the configured proxies, an entry that is no address, or no peer", () => {
    expect(resolveClientAddress({ socketAddress: "10.0.0.2", forwardedFor: undefined, hops: 1, proxies: nginx })).toBe("");
    expect(resolveClientAddress({ socketAddress: "10.0.0.2", forwardedFor: "x", hops: 1, proxies: nginx })).toBe("");
    expect(resolveClientAddress({ socketAddress: undefined, forwardedFor: "198.51.100.7", hops: 1 })).toBe("");
    expect(resolveClientAddress({ socketAddress: undefined, forwardedFor: "198.51.100.7", hops: 0 })).toBe("");
  });

  it("reads TRUST_PROXY_ADDRESSES as addresses and blocks, naming the variable when it cannot", () => {
    expect(proxies("10.0.0.5, fd00::/8").map((b) => b.bits)).toEqual([32, 8]);
    expect(parseProxyAddresses("10.0.0.0/33")).toEqual({ error: expect.stringContaining("TRUST_PROXY_ADDRESSES") });
    expect(parseProxyAddresses("nginx")).toEqual({ error: expect.stringContaining("TRUST_PROXY_ADDRESSES") });
    const v6 = proxies("2001:db8:aa::/48");
    expect(resolveClientAddress({ socketAddress: "2001:db8:aa:1::9", forwardedFor: "198.51.100.7", hops: 1, proxies: v6 })).toBe(
      "198.51.100.7",
    );
    expect(resolveClientAddress({ socketAddress: "2001:db8:ab:1::9", forwardedFor: "198.51.100.7", hops: 1, proxies: v6 })).toBe(
      "2001:db8:ab:1:0:0:0:9",
    );
  });

  it("reads TRUST_PROXY_HOPS=0 as no proxy at all, unlike 1 (proxy count)", () => {
    expect(parseProxyHops("0")).toEqual({ hops: 0 });
    expect(parseProxyHops(undefined)).toEqual({ hops: 0 });
    expect(parseProxyHops("")).toEqual({ hops: 0 });
    expect(resolveClientAddress({ socketAddress: "203.0.113.9", forwardedFor: "198.51.100.7", hops: 0 })).toBe("203.0.113.9");
    expect(parseProxyHops("one")).toEqual({ error: expect.stringContaining("TRUST_PROXY_HOPS") });
    expect(parseProxyHops("-1")).toEqual({ error: expect.stringContaining("TRUST_PROXY_HOPS") });
  });
});
