import Link from "next/link";
import type { Metadata } from "next";
import { getMessages } from "@/lib/i18n/server";
import { buttonClass } from "./components/button";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getMessages()).common.notFound.title };
}

/** Any unknown address, and every notFound() (a page a visitor may not see answers the same way). */
export default async function NotFound() {
  const t = (await getMessages()).common.notFound;
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold tracking-tight">{t.title}</h1>
      <p className="text-slate-700">{t.text}</p>
      <Link href="/" className={buttonClass({ variant: "secondary" })}>
        {t.home}
      </Link>
    </div>
  );
}
