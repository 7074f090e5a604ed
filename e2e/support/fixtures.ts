import { test as base } from "@playwright/test";
import { claimTestUser, type TestUser } from "./users";

/** `user`: an account of this test's own, so what the test does to it cannot disturb any other test. */
export const test = base.extend<{ user: TestUser }>({
  user: async ({}, use, testInfo) => {
    const baseURL = testInfo.project.use.baseURL;
    if (!baseURL) throw new Error(`project ${testInfo.project.name} has no baseURL`);
    await use(await claimTestUser(Number(new URL(baseURL).port)));
  },
});

export { expect } from "@playwright/test";
