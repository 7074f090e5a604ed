import type { NextRequest } from "next/server";
import { allowedFor, ANALYTICS_SCRIPT, gatedScript } from "@/lib/consent/tags";

export function GET(request: NextRequest) {
  return gatedScript(allowedFor(request), "analytics", ANALYTICS_SCRIPT);
}
