import "server-only";
import { cache } from "react";
import { getPreferences } from "../consent/next";
import { messagesFor, type Messages } from "./index";
import { formatFor, type Formats } from "./format";
import type { Lang } from "./lang";

/** The language of the request being rendered (see lib/i18n/lang.ts for how it is picked). */
export const getLang = cache(async (): Promise<Lang> => (await getPreferences()).lang);

/** The texts of the request's language, for server components, actions and route handlers. */
export const getMessages = cache(async (): Promise<Messages> => messagesFor(await getLang()));

/** Date, time and duration formats of the request's language. */
export const getFormats = cache(async (): Promise<Formats> => formatFor(await getLang()));
