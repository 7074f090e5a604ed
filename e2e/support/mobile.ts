import type { APIRequestContext } from "@playwright/test";
import { expect } from "./fixtures";
import type { TestUser } from "./users";

/** A native app's calls, made the way an app makes them: JSON in, JSON out, a bearer token. */
export interface TokenPair {
  accessToken: string;
  accessTokenExpiresAt: string;
  refreshToken: string;
  refreshTokenExpiresAt: string;
  sessionId: string;
}

export async function appSignIn(
  request: APIRequestContext,
  user: Pick<TestUser, "email" | "password">,
  deviceName = "Pixel 9 (Session Lab app)",
) {
  const response = await request.post("/api/mobile/token", { data: { email: user.email, password: user.password, deviceName } });
  expect(response.status(), await response.text()).toBe(200);
  return (await response.json()) as TokenPair;
}

export const refresh = (request: APIRequestContext, refreshToken: string) =>
  request.post("/api/mobile/refresh", { data: { refreshToken } });

export const me = (request: APIRequestContext, accessToken: string) =>
  request.get("/api/mobile/me", { headers: { authorization: `Bearer ${accessToken}` } });
