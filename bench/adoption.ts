import type { NextFetchEvent } from "next/server";
import { NextRequest } from "next/server";
import { adoptionConfig, adoptionEnabled, forgetAdoptionConfig } from "../lib/adoption/config";

/**
 * (g) What configuring adoption (lib/adoption) costs a request that carries no foreign cookie: the
 * Edge middleware itself, run in this process on the same requests with the MIGRATE_FROM_* variables
 * set and unset, in alternating rounds. Two requests: a page with a live session cookie of ours (the
 * adoption step returns at once), and a public page without any cookie (it looks through the
 * request's cookie names). No call to the Node side is made in either.
 */
export interface AdoptionCost {
  /** microseconds per middleware call, median of the rounds */
  withSession: { unconfigured: number; configured: number };
  withoutCookie: { unconfigured: number; configured: number };
}

const ADOPTION_ENV = {
  MIGRATE_FROM_AUTHJS_SECRET: "bench-authjs-secret-0123456789abcdefghij",
  MIGRATE_FROM_EXPRESS_SESSION_SECRET: "bench-express-secret-0123456789",
  MIGRATE_FROM_EXPRESS_SESSION_REDIS_URL: "redis://127.0.0.1:6379/10",
  MIGRATE_FROM_IRON_PASSWORD: "bench-iron-password-0123456789abcdefghijklmn",
};

export async function adoptionCost(seal: () => Promise<string>, { rounds = 30, calls = 1_000 } = {}): Promise<AdoptionCost> {
  const { middleware } = await import("../middleware");
  // the middleware parses its configuration once per process: each round sets the environment and has it read again
  const configure = (configured: boolean) => {
    for (const [name, value] of Object.entries(ADOPTION_ENV)) {
      if (configured) process.env[name] = value;
      else delete process.env[name];
    }
    forgetAdoptionConfig();
    if (adoptionEnabled(adoptionConfig()) !== configured) throw new Error("the adoption settings did not change");
  };
  const event = { waitUntil() {} } as unknown as NextFetchEvent;
  // a fresh seal each round: one older than a minute would be re-sealed on every call
  let cookie = "";
  const requests = {
    withSession: () => new NextRequest("http://127.0.0.1:3000/account", { headers: { cookie, "user-agent": "bench" } }),
    withoutCookie: () => new NextRequest("http://127.0.0.1:3000/", { headers: { "user-agent": "bench" } }),
  };
  type Variant = "unconfigured" | "configured";
  const rounds_: Record<keyof typeof requests, Record<Variant, number[]>> = {
    withSession: { unconfigured: [], configured: [] },
    withoutCookie: { unconfigured: [], configured: [] },
  };
  const time = async (name: Variant, kind: keyof typeof requests) => {
    configure(name === "configured");
    cookie = `sid=${await seal()}`;
    const t = performance.now();
    for (let i = 0; i < calls; i++) {
      const response = await middleware(requests[kind](), event);
      if (response.status >= 400 || response.headers.has("x-middleware-rewrite")) throw new Error(`middleware answered ${response.status}`);
    }
    return ((performance.now() - t) * 1000) / calls;
  };
  for (const kind of Object.keys(requests) as (keyof typeof requests)[]) {
    await time("unconfigured", kind); // warm-up of both
    await time("configured", kind);
    for (let r = 0; r < rounds; r++) {
      const order: Variant[] = r % 2 ? ["configured", "unconfigured"] : ["unconfigured", "configured"];
      for (const name of order) rounds_[kind][name].push(await time(name, kind));
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const summary = (kind: keyof typeof requests) => ({
    unconfigured: median(rounds_[kind].unconfigured),
    configured: median(rounds_[kind].configured),
  });
  return { withSession: summary("withSession"), withoutCookie: summary("withoutCookie") };
}
