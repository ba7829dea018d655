// Loads every module in lib/ that defines use-cases, so the kernel's registry holds all of them, and
// answers the registry. Tests that enumerate the use-cases start here.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { registeredUseCases } from "@/lib/kernel/use-case";

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

/** The source files (not tests) under a folder, relative, with forward slashes. */
export function sourceFiles(dir: string): string[] {
  return walk(dir)
    .map((f) => f.split(path.sep).join("/"))
    .filter((f) => /\.(ts|tsx|mjs)$/.test(f) && !/\.test\.tsx?$/.test(f));
}

/** The lib/ modules (relative, with forward slashes) that call defineUseCase, and the names they define as literals
 * (a module may also define use-cases under names it builds, such as the jobs). */
export function modulesDefiningUseCases(): { file: string; names: string[] }[] {
  return sourceFiles("lib")
    .filter((f) => !f.startsWith("lib/generated/") && f !== "lib/kernel/use-case.ts")
    .map((file) => {
      const text = readFileSync(file, "utf8");
      const names = [...text.matchAll(/defineUseCase\(\s*"([^"]+)"/g)].map((m) => m[1]!);
      return { file, names, defines: text.includes("defineUseCase(") };
    })
    .filter((m) => m.defines)
    .map(({ file, names }) => ({ file, names }));
}

/** Every registered use-case, after loading every module that defines one. */
export async function allUseCases() {
  for (const { file } of modulesDefiningUseCases()) await import(/* @vite-ignore */ path.resolve(file));
  return registeredUseCases();
}
