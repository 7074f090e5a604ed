"use client";

import { formatFor, messagesFor, type Formats, type Messages } from "@/lib/i18n";
import type { Lang } from "@/lib/i18n/lang";
import { useConsentUi } from "./consent/consent-context";

/**
 * The language of the page in the browser, and its texts and formats, for client components. The
 * language is the one the consent provider holds: what the server rendered, or the visitor's new
 * choice from the moment it is made (the server's render follows on the router's refresh).
 */
export function useLang(): Lang {
  return useConsentUi().lang;
}

export function useMessages(): Messages {
  return messagesFor(useLang());
}

export function useFormats(): Formats {
  return formatFor(useLang());
}
