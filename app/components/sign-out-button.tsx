import { getMessages } from "@/lib/i18n/server";
import { Button } from "./button";

/** Sign-out is a POST (a link or image could otherwise end someone's session); the route sends Clear-Site-Data. */
export async function SignOutButton() {
  const t = await getMessages();
  return (
    <form method="post" action="/api/auth/logout">
      <Button type="submit" variant="secondary" size="sm">
        {t.common.signOut}
      </Button>
    </form>
  );
}
