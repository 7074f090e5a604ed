import type { Metadata } from "next";
import { getMessages } from "@/lib/i18n/server";
import { CookiePolicy } from "../components/consent/cookie-policy";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getMessages()).consent.policyTitle };
}

/** Generated from the cookie registry (lib/consent/registry.ts), in the visitor's language. */
export default function CookiesPage() {
  return <CookiePolicy />;
}
