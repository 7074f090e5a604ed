import type { NextRequest } from "next/server";
import { allowedFor, gatedScript, MARKETING_SCRIPT } from "@/lib/consent/tags";

export function GET(request: NextRequest) {
  return gatedScript(allowedFor(request), "marketing", MARKETING_SCRIPT);
}
