import { test as base } from "@playwright/test";
import { claimTestUser, type TestUser } from "./users";

const serverPort = (baseURL: string | undefined, project: string) => {
  if (!baseURL) throw new Error(`project ${project} has no baseURL`);
  return Number(new URL(baseURL).port);
};

/**
 * `user`: an account of this test's own, so what the test does to it cannot disturb any other test;
 * `otherUser`: a second one, for tests about what one account must not do to another.
 */
export const test = base.extend<{ user: TestUser; otherUser: TestUser }>({
  user: async ({}, use, testInfo) => {
    await use(await claimTestUser(serverPort(testInfo.project.use.baseURL, testInfo.project.name)));
  },
  otherUser: async ({}, use, testInfo) => {
    await use(await claimTestUser(serverPort(testInfo.project.use.baseURL, testInfo.project.name)));
  },
});

export { expect } from "@playwright/test";
