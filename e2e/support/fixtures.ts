import { test as base, expect, type BrowserContext } from "@playwright/test";
import { isRegisteredCookie } from "../../lib/consent/registry";
import { claimTestUser, type TestUser } from "./users";

const serverPort = (baseURL: string | undefined, project: string) => {
  if (!baseURL) throw new Error(`project ${project} has no baseURL`);
  return Number(new URL(baseURL).port);
};

const cookieName = (setCookie: string) => setCookie.split("=")[0]!.trim();

/**
 * Every test of every suite:
 * - `user`: an account of this test's own, so what the test does to it cannot disturb any other test;
 *   `otherUser`: a second one, for tests about what one account must not do to another;
 * - `registeredCookiesOnly` (automatic): every cookie the app sets during the test, by Set-Cookie or
 *   from a script, in the test's context or any context it opens, must be in the cookie registry
 *   (lib/consent/registry.ts). A cookie the registry does not know fails the test that saw it.
 */
export const test = base.extend<{ user: TestUser; otherUser: TestUser; registeredCookiesOnly: void }>({
  user: async ({}, use, testInfo) => {
    await use(await claimTestUser(serverPort(testInfo.project.use.baseURL, testInfo.project.name)));
  },
  otherUser: async ({}, use, testInfo) => {
    await use(await claimTestUser(serverPort(testInfo.project.use.baseURL, testInfo.project.name)));
  },
  registeredCookiesOnly: [
    async ({ context, browser }, use) => {
      const seen = new Set<string>();
      const pending: Promise<unknown>[] = [];
      const collectJar = (ctx: BrowserContext) =>
        ctx.cookies().then(
          (jar) => jar.forEach((c) => seen.add(c.name)),
          () => {},
        );
      const watch = (ctx: BrowserContext) => {
        ctx.on("response", (response) => {
          pending.push(
            response.headersArray().then(
              (headers) => {
                for (const h of headers)
                  if (h.name.toLowerCase() === "set-cookie") h.value.split("\n").forEach((line) => seen.add(cookieName(line)));
              },
              () => {},
            ),
          );
        });
        // cookies written by scripts (document.cookie) show only in the jar: read it before a close
        const close = ctx.close.bind(ctx);
        ctx.close = async (...args) => {
          await collectJar(ctx);
          return close(...args);
        };
      };
      watch(context);
      const opened: BrowserContext[] = [];
      const newContext = browser.newContext.bind(browser);
      browser.newContext = async (...args) => {
        const ctx = await newContext(...args);
        watch(ctx);
        opened.push(ctx);
        return ctx;
      };
      try {
        await use();
      } finally {
        browser.newContext = newContext;
      }
      await Promise.all(pending);
      await Promise.all([context, ...opened].map(collectJar));
      const unregistered = [...seen].filter((name) => !isRegisteredCookie(name));
      expect(unregistered, "cookies the app set that are not in the cookie registry (lib/consent/registry.ts)").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect } from "@playwright/test";
