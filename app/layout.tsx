import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { getSession } from "@/lib/auth/session";
import { getConsent, getPreferences } from "@/lib/consent/next";
import { isDemoMode } from "@/lib/db/demo";
import { getMessages } from "@/lib/i18n/server";
import { ConsentBanner } from "./components/consent/consent-banner";
import { ConsentTags } from "./components/consent/consent-tags";
import { ConsentProvider, type ConsentSnapshot } from "./components/consent/consent-ui";
import { FooterControls } from "./components/consent/footer-controls";
import { SessionWatcher } from "./components/session-watcher";
import { SignOutButton } from "./components/sign-out-button";
import "./globals.css";
import { buttonClass } from "./components/button";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getMessages();
  return { title: { default: t.common.siteName, template: `%s · ${t.common.siteName}` }, description: t.common.siteDescription };
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  // a request still to pass a step-up sees no account details, only a way out
  const current = await getSession();
  const signedIn = current && !current.stepUp ? current : null;
  const [consent, preferences, { common: t }] = await Promise.all([getConsent(), getPreferences(), getMessages()]);
  const decided = consent.status.status === "decided" ? consent.status.state : null;
  const snapshot: ConsentSnapshot = {
    choices: decided?.choices ?? null,
    decidedAt: decided?.decidedAt ?? null,
    outdated: consent.status.status === "outdated",
    gpc: consent.gpc,
  };
  return (
    <html lang={preferences.lang} data-theme={preferences.theme}>
      <head>
        <ConsentTags />
      </head>
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">
        <ConsentProvider initial={preferences} snapshot={snapshot}>
          <a
            href="#main"
            className="sr-only focus:not-sr-only focus:absolute focus:left-4 focus:top-4 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:shadow"
          >
            {t.skipToContent}
          </a>
          {!decided && <ConsentBanner />}
          <header className="border-b border-slate-200 bg-white">
            <nav aria-label={t.mainNav} className="mx-auto flex max-w-4xl items-center justify-between gap-4 px-4 py-3">
              <div className="flex items-center gap-6">
                <Link href="/" className="font-semibold tracking-tight text-brand-900">
                  {t.siteName}
                </Link>
                <Link href="/account" className="text-sm text-slate-600 hover:text-slate-900">
                  {t.account}
                </Link>
                {signedIn?.user.role === "admin" && (
                  <Link href="/admin" className="text-sm text-slate-600 hover:text-slate-900">
                    {t.admin}
                  </Link>
                )}
              </div>
              {current ? (
                <div className="flex items-center gap-3 text-sm">
                  {signedIn && (
                    <span className="text-slate-600" data-testid="signed-in-as">
                      {signedIn.user.email}
                    </span>
                  )}
                  <SignOutButton />
                </div>
              ) : (
                <Link href="/login" className={buttonClass({ size: "sm" })}>
                  {t.signIn}
                </Link>
              )}
            </nav>
          </header>
          <main id="main" className="mx-auto max-w-4xl px-4 py-10">
            {children}
          </main>
          {signedIn && <SessionWatcher />}
          <footer className="mx-auto max-w-4xl space-y-3 border-t border-slate-200 px-4 py-6 text-xs text-slate-600">
            <FooterControls />
            {isDemoMode() && <p>{t.demoModeFooter}</p>}
          </footer>
        </ConsentProvider>
      </body>
    </html>
  );
}
