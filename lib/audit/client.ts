/**
 * A minimal browser for the black-box audit: cookies kept per client, redirects not followed (the
 * audit looks at each answer), and HTML forms filled and posted the way a browser without JavaScript
 * posts them. Only what the checks need; it talks to any server, not only this app.
 */
export interface SetCookie {
  name: string;
  value: string;
  attributes: Record<string, string | true>;
  raw: string;
}

export function parseSetCookie(raw: string): SetCookie {
  const [pair = "", ...rest] = raw.split(";");
  const eq = pair.indexOf("=");
  const attributes: Record<string, string | true> = {};
  for (const part of rest) {
    const [k = "", ...v] = part.trim().split("=");
    if (k) attributes[k.toLowerCase()] = v.length ? v.join("=") : true;
  }
  return { name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim(), attributes, raw };
}

export interface Answer {
  status: number;
  headers: Headers;
  location: string | null;
  setCookies: SetCookie[];
  body: string;
}

export class Client {
  readonly jar = new Map<string, string>();
  constructor(
    readonly base: URL,
    private readonly userAgent = "session-audit/1.0 (Mozilla/5.0 compatible)",
  ) {}

  cookieHeader(): string {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  async request(
    path: string,
    init: { method?: string; body?: BodyInit; headers?: Record<string, string>; userAgent?: string } = {},
  ): Promise<Answer> {
    const response = await fetch(new URL(path, this.base), {
      method: init.method ?? "GET",
      body: init.body,
      redirect: "manual",
      headers: {
        "user-agent": init.userAgent ?? this.userAgent,
        ...(this.jar.size ? { cookie: this.cookieHeader() } : {}),
        ...init.headers,
      },
      signal: AbortSignal.timeout(15_000),
    });
    const setCookies = response.headers.getSetCookie().map(parseSetCookie);
    for (const c of setCookies) {
      const expired =
        c.attributes["max-age"] === "0" || (typeof c.attributes.expires === "string" && Date.parse(c.attributes.expires) < Date.now());
      if (expired || c.value === "") this.jar.delete(c.name);
      else this.jar.set(c.name, c.value);
    }
    return {
      status: response.status,
      headers: response.headers,
      location: response.headers.get("location"),
      setCookies,
      body: await response.text(),
    };
  }

  /**
   * Fills the page's form that has a password field with the given values (every other input keeps its
   * value, hidden ones included) and posts it like a browser without JavaScript.
   */
  async submitLoginForm(path: string, email: string, password: string): Promise<Answer> {
    const page = await this.request(path);
    const form = extractForms(page.body).find((f) => f.fields.some((x) => x.type === "password"));
    if (!form) throw new Error(`no sign-in form (a form with a password field) at ${path}`);
    const body = new FormData();
    for (const f of form.fields) {
      if (f.type === "password") body.append(f.name, password);
      else if (f.type === "email" || /email|user/i.test(f.name)) body.append(f.name, email);
      else if (f.type !== "submit" && f.type !== "button") body.append(f.name, f.value);
    }
    const target = new URL(form.action || path, new URL(path, this.base));
    return this.request(target.pathname + target.search, { method: form.method, body, headers: { origin: this.base.origin } });
  }
}

interface FormField {
  name: string;
  type: string;
  value: string;
}

const attr = (tag: string, name: string) => {
  const m = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, "i").exec(tag);
  return m ? decodeEntities(m[1] ?? m[2] ?? m[3] ?? "") : null;
};
const decodeEntities = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

/** Forms in an HTML page with their inputs (enough HTML parsing for forms; no scripts run). */
export function extractForms(html: string): Array<{ action: string; method: string; fields: FormField[] }> {
  const forms: Array<{ action: string; method: string; fields: FormField[] }> = [];
  for (const match of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const open = match[1] ?? "";
    const fields: FormField[] = [];
    for (const input of (match[2] ?? "").matchAll(/<input\b[^>]*>/gi)) {
      const name = attr(input[0], "name");
      if (name) fields.push({ name, type: (attr(input[0], "type") ?? "text").toLowerCase(), value: attr(input[0], "value") ?? "" });
    }
    const action = attr(` ${open}`, "action") ?? "";
    forms.push({
      action: action.startsWith("javascript:") ? "" : action,
      method: (attr(` ${open}`, "method") ?? "post").toUpperCase(),
      fields,
    });
  }
  return forms;
}
