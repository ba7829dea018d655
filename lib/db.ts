// One Prisma client over the `pg` driver, whatever the database: a PostgreSQL server or the
// embedded PostgreSQL. Created on first use, so scripts can set DATABASE_URL first.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client";

export type Db = PrismaClient;
export type Tx = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

const holder = globalThis as unknown as { portalPrisma?: PrismaClient };

function create(): PrismaClient {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) throw new Error("DATABASE_URL is not set");
  return new PrismaClient({
    adapter: new PrismaPg({
      connectionString,
      max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
      // Lets operators (and the reliability tests) tell the portal's connections apart.
      application_name: process.env.DATABASE_APP_NAME ?? "privacy-portal",
      connectionTimeoutMillis: 10_000,
    }),
  });
}

export function getDb(): PrismaClient {
  holder.portalPrisma ??= create();
  return holder.portalPrisma;
}

export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, prop) {
    const client = getDb();
    const value = Reflect.get(client, prop, client);
    return typeof value === "function" ? value.bind(client) : value;
  },
});

export async function disconnectDb(): Promise<void> {
  if (holder.portalPrisma) {
    await holder.portalPrisma.$disconnect();
    holder.portalPrisma = undefined;
  }
}
