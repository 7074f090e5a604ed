import "server-only";
import { getDatabase } from "../db/connection";

/** First-party page-view statistics (page_views), stored only with analytics consent: no address, no user. */
export async function recordPageView(view: { visitorId: string; path: string; referrerHost: string | null }): Promise<void> {
  const { prisma } = await getDatabase();
  await prisma.pageView.create({ data: view });
}
