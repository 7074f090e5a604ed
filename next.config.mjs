import staticSecurityHeaders from "./lib/http/static-security-headers.json" with { type: "json" };

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // native and WASM packages stay outside the server bundle
  serverExternalPackages: [
    "@node-rs/argon2",
    "@electric-sql/pglite",
    "@electric-sql/pglite-socket",
    "pg",
    "ioredis",
    "rate-limiter-flexible",
  ],
  async headers() {
    // static assets skip the middleware; everything else also gets CSP/HSTS/no-store from middleware.ts
    const headers = Object.entries(staticSecurityHeaders).map(([key, value]) => ({ key, value }));
    return [{ source: "/:path*", headers }];
  },
};

export default nextConfig;
