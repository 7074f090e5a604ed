"use client";

import { Button } from "./components/button";
import { useMessages } from "./components/i18n";

/** A page that failed to render: said in the visitor's language, with a way to try again. */
export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useMessages().common.error;
  return (
    <div className="space-y-4" role="alert">
      <h1 className="text-2xl font-semibold tracking-tight">{t.title}</h1>
      <p className="text-slate-700">{t.text}</p>
      <Button type="button" variant="secondary" onClick={reset}>
        {t.retry}
      </Button>
    </div>
  );
}
