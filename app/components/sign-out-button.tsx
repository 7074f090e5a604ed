import { Button } from "./button";

/** Sign-out is a POST (a link or image could otherwise end someone's session); the route sends Clear-Site-Data. */
export function SignOutButton() {
  return (
    <form method="post" action="/api/auth/logout">
      <Button type="submit" variant="secondary" size="sm">
        Sign out
      </Button>
    </form>
  );
}
