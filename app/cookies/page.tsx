import type { Metadata } from "next";
import { CookiePolicy } from "../components/consent/cookie-policy";

export const metadata: Metadata = { title: "Cookie policy" };

/** Generated from the cookie registry (lib/consent/registry.ts), in the visitor's language. */
export default function CookiesPage() {
  return <CookiePolicy />;
}
