import type { APIRequestContext } from "@playwright/test";
import fc from "fast-check";
import { expect, test } from "./support/fixtures";

/**
 * Fuzzing from the outside: thousands of generated cookies and request bodies (fast-check, fixed seed
 * so a failure can be replayed) against the running app. Whatever arrives, the answer is a 2xx–4xx,
 * never a 500 (malformed input must not crash a handler or leak a stack trace).
 */
const SEED = 20261124;
const CONCURRENCY = 8;

/** Runs `send` over every sample with bounded concurrency; returns the samples that got a 5xx. */
async function fire<T>(samples: T[], send: (sample: T) => Promise<number>): Promise<Array<{ sample: T; status: number }>> {
  const failures: Array<{ sample: T; status: number }> = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < samples.length) {
        const sample = samples[next++]!;
        const status = await send(sample);
        if (status >= 500) failures.push({ sample, status });
      }
    }),
  );
  return failures;
}

// cookie values a browser could send: printable ASCII without ; (which would end the cookie)
const cookieChars = fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~*%=+/!#$&'()[]{}<>@:?,\"\\ ");
const cookieValue = fc.oneof(
  fc.string({ unit: cookieChars, maxLength: 64 }),
  fc.string({ unit: cookieChars, minLength: 200, maxLength: 6000 }),
  fc.string({ unit: cookieChars, maxLength: 400 }).map((s) => `Fe26.2**${s}`),
  fc.tuple(fc.string({ unit: cookieChars, maxLength: 80 }), fc.nat(20)).map(([s, n]) => `Fe26.2*${n}*${s}*${s}*${s}**${s}*${s}`),
  fc.string({ unit: cookieChars, maxLength: 300 }).map((s) => `v1.${s}`),
  fc.uint8Array({ maxLength: 256 }).map((b) => Buffer.from(b).toString("base64url")),
  fc.uint8Array({ maxLength: 64 }).map((b) => [...b].map((x) => `%${x.toString(16).padStart(2, "0")}`).join("")),
);

test.describe("fuzzing (malformed input)", () => {
  // 10,000 requests, most of them page renders: two to four minutes on a 2-core machine running the
  // other suites beside it, so the bound leaves room; speed is the benchmark's business, not this test's
  test.setTimeout(480_000);

  test("10,000 generated session and consent cookies never cause a server error", async ({ playwright, baseURL }) => {
    const client: APIRequestContext = await playwright.request.newContext({ baseURL, maxRedirects: 0 });
    const paths = ["/", "/account", "/api/session/status", "/cookies", "/api/mobile/me"];
    const samples = fc.sample(fc.tuple(cookieValue, fc.constantFrom("sid", "consent", "lang", "sl_analytics"), fc.nat(paths.length - 1)), {
      numRuns: 10_000,
      seed: SEED,
    });
    const failures = await fire(samples, async ([value, name, path]) => {
      const response = await client.get(paths[path]!, { headers: { cookie: `${name}=${value}` }, failOnStatusCode: false });
      return response.status();
    });
    await client.dispose();
    expect(failures.slice(0, 5), `${failures.length} of ${samples.length} cookies got a 5xx`).toEqual([]);
  });

  test("2,000 generated JSON and form bodies to every API that reads one never cause a server error", async ({ playwright, baseURL }) => {
    const client: APIRequestContext = await playwright.request.newContext({ baseURL, maxRedirects: 0 });
    const json = fc.oneof(
      fc.json({ maxDepth: 4 }),
      fc.string({ maxLength: 200 }),
      fc.record({ email: fc.anything(), password: fc.anything(), deviceName: fc.anything() }).map((v) => JSON.stringify(v) ?? "null"),
      fc.record({ refreshToken: fc.oneof(fc.string(), fc.integer(), fc.constant(null)) }).map((v) => JSON.stringify(v)),
      fc.record({ path: fc.string({ maxLength: 600 }), referrer: fc.anything() }).map((v) => JSON.stringify(v) ?? "null"),
    );
    const endpoints = [
      "/api/mobile/token",
      "/api/mobile/refresh",
      "/api/mobile/logout",
      "/api/analytics/collect",
      "/api/session/keepalive",
    ];
    const types = ["application/json", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"];
    const samples = fc.sample(fc.tuple(json, fc.nat(endpoints.length - 1), fc.nat(types.length - 1)), { numRuns: 2_000, seed: SEED });
    const failures = await fire(samples, async ([body, endpoint, type]) => {
      const response = await client.post(endpoints[endpoint]!, {
        data: body,
        headers: { "content-type": types[type]! },
        failOnStatusCode: false,
      });
      return response.status();
    });
    await client.dispose();
    expect(failures.slice(0, 5), `${failures.length} of ${samples.length} bodies got a 5xx`).toEqual([]);
  });
});
