/** Sign-out is a POST (a link or image could otherwise end someone's session); the route sends Clear-Site-Data. */
export function SignOutButton() {
  return (
    <form method="post" action="/api/auth/logout">
      <button type="submit" className="rounded-md border border-slate-300 px-3 py-1.5 font-medium text-slate-700 hover:bg-slate-100">
        Sign out
      </button>
    </form>
  );
}
