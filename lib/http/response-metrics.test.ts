import { readFile } from "node:fs/promises";
import { createServer, type RequestListener } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { until } from "../../test/support/wait";
import { metrics } from "../metrics";
import { countingResponses, statusClass } from "./response-metrics";

/** The value of http_responses_total{status_class} as /api/metrics serves it (the app's registry). */
async function served(status_class: string): Promise<number> {
  const text = await metrics().registry.getSingleMetricAsString("http_responses_total");
  const line = text.split("\n").find((l) => l.startsWith(`http_responses_total{status_class="${status_class}"} `));
  return Number(line?.split(" ")[1] ?? NaN);
}

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

/** The front server's shape (server.ts) on a loopback port the system picks, with a fake Next handler. */
async function front(handle: RequestListener): Promise<(path: string) => Promise<number>> {
  const server = createServer(countingResponses(handle));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  close = () => new Promise((resolve) => server.close(() => resolve()));
  const { port } = server.address() as AddressInfo;
  return async (p) => {
    const response = await fetch(`http://127.0.0.1:${port}${p}`, { redirect: "manual" });
    await response.arrayBuffer();
    return response.status;
  };
}

describe("http_responses_total (the error-rate alert)", () => {
  it("maps status codes to their class; codes outside 100-599 count as server errors", () => {
    expect([101, 200, 204, 302, 304, 400, 404, 429, 500, 503, 599].map(statusClass)).toEqual([
      "1xx",
      "2xx",
      "2xx",
      "3xx",
      "3xx",
      "4xx",
      "4xx",
      "4xx",
      "5xx",
      "5xx",
      "5xx",
    ]);
    expect(statusClass(999)).toBe("5xx");
  });

  it("every class is served from the start, at 0, so the first server error is an increase Prometheus sees", async () => {
    for (const c of ["1xx", "2xx", "3xx", "4xx", "5xx"]) expect(await served(c)).toBeGreaterThanOrEqual(0);
  });

  it("the front server counts each response by status class once it is sent, in the registry /api/metrics serves", async () => {
    const before = { ok: await served("2xx"), redirect: await served("3xx"), client: await served("4xx"), server: await served("5xx") };
    const get = await front((request, response) => {
      const status = Number(request.url?.slice(1)) || 200;
      // a handler that fails after its headers (as Next's does when a render throws) is counted by its status
      if (status === 500) {
        response.writeHead(500);
        setTimeout(() => response.end("Internal Server Error"), 5);
        return;
      }
      response.writeHead(status, status === 302 ? { location: "/" } : {});
      response.end();
    });
    expect(await get("/200")).toBe(200);
    expect(await get("/204")).toBe(204);
    expect(await get("/302")).toBe(302);
    expect(await get("/404")).toBe(404);
    expect(await get("/503")).toBe(503);
    expect(await get("/500")).toBe(500);
    const counted = async () => [await served("2xx"), await served("3xx"), await served("4xx"), await served("5xx")];
    const expected = [before.ok + 2, before.redirect + 1, before.client + 1, before.server + 2];
    // 'finish' may come a moment after the client has read the response
    await until(async () => (await counted()).join() === expected.join(), { timeoutMs: 2_000, what: "the counts" }).catch(() => {});
    expect(await counted()).toEqual(expected);
  });

  it("server.ts wraps its request listener, so every request of the app is counted", async () => {
    const source = await readFile(path.resolve(import.meta.dirname, "../../server.ts"), "utf8");
    expect(source).toMatch(/import \{ countingResponses \} from "\.\/lib\/http\/response-metrics\.ts";/);
    expect(source).toMatch(/createServer\(\s*countingResponses\(/);
  });
});
