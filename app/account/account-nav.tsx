"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useMessages } from "../components/i18n";

const LINKS = [
  ["/account", "overview"],
  ["/account/devices", "devices"],
  ["/account/activity", "activity"],
  ["/account/security", "password"],
] as const;

export function AccountNav() {
  const pathname = usePathname();
  const t = useMessages().account.nav;
  return (
    <nav aria-label={t.label}>
      <ul className="flex gap-1 overflow-x-auto md:flex-col">
        {LINKS.map(([href, label]) => {
          const current = pathname === href;
          return (
            <li key={href}>
              <Link
                href={href}
                aria-current={current ? "page" : undefined}
                className="block rounded-md px-3 py-2 text-sm text-slate-700 hover:bg-slate-100 aria-[current=page]:bg-brand-50 aria-[current=page]:font-semibold aria-[current=page]:text-brand-900"
              >
                {t[label]}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
