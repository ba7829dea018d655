// The environment, validated once. Secrets never get a silent default: the demo and test commands
// generate them and pass them in.
import { z } from "zod";

/** The placeholder company the portal starts with; the "before going live" page asks for the real one. */
export const EXAMPLE_COMPANY = { name: "Exempelbolaget AB", email: "privacy@example.se" } as const;

const schema = z.object({
  PORTAL_MODE: z.enum(["demo", "production"]).default("demo"),
  DATABASE_URL: z.string().min(1),
  AUTH_SECRET: z.string().min(32),
  PORTAL_MASTER_KEY: z
    .string()
    .refine((v) => Buffer.from(v, "base64").length === 32, "must be 32 bytes, base64"),
  PORTAL_HMAC_KEY: z
    .string()
    .refine((v) => Buffer.from(v, "base64").length >= 32, "must be at least 32 bytes, base64"),
  PORTAL_URL: z.string().url().default("http://localhost:3000"),
  RESEND_API_KEY: z.string().optional(),
  RESEND_BASE_URL: z.string().url().optional(),
  EMAIL_FROM: z.string().default("Integritetsportalen <privacy@example.se>"),
  COMPANY_NAME: z.string().default(EXAMPLE_COMPANY.name),
  COMPANY_EMAIL: z.string().default(EXAMPLE_COMPANY.email),
  EXPORT_DIR: z.string().default(".data/exports"),
  /** Where ready copies are kept: in the database (every instance reaches them) or as files in EXPORT_DIR. */
  COPY_STORAGE: z.enum(["database", "files"]).default("database"),
  NEWSLETTER_WEBHOOK_SECRET: z.string().optional(),
});

export type Env = z.infer<typeof schema>;

// Read again when one of its variables changed (tests change the environment between cases), so
// nothing outside needs to reset it.
const KEYS = Object.keys(schema.shape) as (keyof Env)[];
let cached: { key: string; env: Env } | undefined;

export function env(): Env {
  const key = KEYS.map((k) => process.env[k] ?? "\u0000").join("\u0001");
  if (cached?.key !== key) {
    const parsed = schema.safeParse(process.env);
    if (!parsed.success) {
      const fields = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
      throw new Error(`Invalid environment: ${fields}`);
    }
    cached = { key, env: parsed.data };
  }
  return cached.env;
}

export const isDemo = () => env().PORTAL_MODE === "demo";
